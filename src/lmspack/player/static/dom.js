/* lmspack player: what the views share on the page: finding and making elements,
 * the notice under the masthead, and GOV.UK-style error messages.
 */
(function (ns) {
  'use strict';
  var $ = (id) => document.getElementById(id);

  // A new element with its text and class.
  function make(tag, text, className) {
    var el = document.createElement(tag);
    el.textContent = text || '';
    if (className) { el.className = className; }
    return el;
  }

  function notice(text, isError) {
    var el = $('lms-notice');
    el.textContent = text;
    el.hidden = !text;
    el.className = 'notice' + (isError ? ' notice--error' : '');
    el.setAttribute('role', isError ? 'alert' : 'status');
  }

  // The error message is tied to its question's fieldset, read with the question.
  function tieError(id, on) {
    var group = $('question-' + id), errorId = 'error-' + id;
    if (!group) { return; }
    var ids = (group.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errorId);
    if (on) { ids.unshift(errorId); }
    if (ids.length) { group.setAttribute('aria-describedby', ids.join(' ')); }
    else { group.removeAttribute('aria-describedby'); }
  }
  var fieldOf = (id) => $('field-' + id) || $('question-' + id);

  function clearFieldError(id) {
    var e = $('error-' + id), f = fieldOf(id);
    if (e) { e.hidden = true; e.textContent = ''; }
    if (f) { f.classList.remove('field--error'); }
    tieError(id, false);
  }

  // errors: [{field, target (the id of the control to focus), message}].
  function showErrors(summaryId, errors) {
    var box = $(summaryId), ul = make('ul');
    box.textContent = '';
    box.hidden = !errors.length;
    if (box.hidden) { return; }
    errors.forEach((err) => {
      var a = make('a', err.message), e = $('error-' + err.field);
      a.href = '#' + err.target;
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        $(err.target).focus();
        $(err.target).scrollIntoView({ block: 'center' });
      });
      ul.appendChild(make('li')).appendChild(a);
      e.textContent = err.message;
      e.hidden = false;
      tieError(err.field, true);
      fieldOf(err.field).classList.add('field--error');
    });
    box.appendChild(make('h3', 'There is a problem'));
    box.appendChild(ul);
    box.setAttribute('role', 'alert');
    box.focus();
  }

  ns.dom = { $: $, make: make, notice: notice, clearFieldError: clearFieldError, showErrors: showErrors };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
