/* lmspack player: what the views share on the page: finding elements, the notice
 * under the masthead, and the GOV.UK pattern of error messages.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { (root.lmspack = root.lmspack || {}).dom = api; }
}(this, function () {
  'use strict';
  function $(id) { return document.getElementById(id); }

  function notice(text, isError) {
    var el = $('lms-notice');
    el.textContent = text;
    el.hidden = !text;
    el.className = 'notice' + (isError ? ' notice--error' : '');
    el.setAttribute('role', isError ? 'alert' : 'status');
  }

  // Tie an error message to its question's fieldset, so that a screen reader reads
  // it with the question.
  function tieError(id, on) {
    var group = $('question-' + id), errorId = 'error-' + id;
    if (!group) { return; }
    var ids = (group.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== errorId;
    });
    if (on) { ids.unshift(errorId); }
    if (ids.length) { group.setAttribute('aria-describedby', ids.join(' ')); }
    else { group.removeAttribute('aria-describedby'); }
  }

  function clearFieldError(id) {
    var e = $('error-' + id);
    if (e) { e.hidden = true; e.textContent = ''; }
    var f = $('field-' + id) || $('question-' + id);
    if (f) { f.classList.remove('field--error'); }
    tieError(id, false);
  }

  // errors: [{field, target (the id of the control to focus), message}].
  function showErrors(summaryId, errors) {
    var box = $(summaryId);
    box.textContent = '';
    if (!errors.length) { box.hidden = true; return; }
    var h = document.createElement('h3');
    h.textContent = 'There is a problem';
    var ul = document.createElement('ul');
    errors.forEach(function (err) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + err.target;
      a.textContent = err.message;
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var t = $(err.target);
        t.focus();
        t.scrollIntoView({ block: 'center' });
      });
      li.appendChild(a);
      ul.appendChild(li);
      var e = $('error-' + err.field);
      e.textContent = err.message;
      e.hidden = false;
      tieError(err.field, true);
      ($('field-' + err.field) || $('question-' + err.field)).classList.add('field--error');
    });
    box.appendChild(h);
    box.appendChild(ul);
    box.hidden = false;
    box.setAttribute('role', 'alert');
    box.focus();
  }

  return { $: $, notice: notice, clearFieldError: clearFieldError, showErrors: showErrors };
}));
