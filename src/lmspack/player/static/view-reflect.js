/* lmspack player: the reflection section: the prompts, each with a counter of the
 * room the standard keeps for it, and the confidence rating.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { ((root.lmspack = root.lmspack || {}).views = root.lmspack.views || {}).reflect = api; }
}(this, function () {
  'use strict';

  // ctx: course, codec, state, keeper, dom (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, t = ctx.keeper, codec = ctx.codec;
    var $ = ctx.dom.$;
    // Worked out at build time from the standard's suspend data limit (render/player.py).
    var budget = codec.budget;

    function updateCounter(r) {
      var ta = $('reflection-' + r.id), text = ta.value;
      var used = codec.encodedLength(text);
      // Line breaks and quotes take two characters in saved data: shrink the
      // limit to match, so that what the learner sees is what is kept.
      ta.maxLength = Math.max(text.length, budget - (used - text.length));
      var left = Math.max(0, budget - used);
      $('count-' + r.id).textContent = left === 0
        ? 'You have used all ' + budget + ' characters for this answer.'
        : 'You have ' + left + ' character' + (left === 1 ? '' : 's') + ' left (up to ' + budget + ').';
      $('count-' + r.id).className = 'counter' + (left < 50 ? ' counter--low' : '');
      return left;
    }

    course.reflections.forEach(function (r) {
      var ta = $('reflection-' + r.id);
      // maxlength counts characters as typed, but a pasted text full of line breaks
      // or quotes takes more room once saved: cut it as maxlength cuts any paste,
      // and say so.
      ta.value = codec.fitted(state.reflections[r.id] || '');
      if (ta.value) { state.reflections[r.id] = ta.value; }
      ta.maxLength = budget;
      updateCounter(r);
      var announced = null;
      ta.addEventListener('input', function () {
        var fit = codec.fitted(ta.value);
        if (fit !== ta.value) {
          ta.value = fit;
          $('counter-status').textContent = 'Your answer reached the limit of ' + budget +
            ' characters, so the end of the pasted text was not added.';
          announced = 0;
        }
        state.reflections[r.id] = ta.value;
        var left = updateCounter(r);
        var level = left === 0 ? 0 : left < 50 ? 50 : null;
        if (level !== announced) {
          announced = level;
          if (level !== null) { $('counter-status').textContent = $('count-' + r.id).textContent; }
        }
        if (ta.value.trim()) { ctx.dom.clearFieldError(r.id); }
        t.saveSoon(true);
      });
      ta.addEventListener('change', t.commit);  // the learner has left the field
    });
    if (course.confidence) {
      document.querySelectorAll('input[name="confidence"]').forEach(function (input) {
        input.checked = state.confidence === Number(input.value);
        input.addEventListener('change', function () {
          state.confidence = Number(input.value);
          ctx.dom.clearFieldError(course.confidence.id);
          t.report();
          t.save();
          t.commit();  // a rating is one decision: send it now
        });
      });
    }
    return {};
  }

  return { bind: bind };
}));
