/* lmspack player: the reflection section: the prompts, each with a counter of the
 * room the standard keeps (codec.budget, worked out by render/player.py), and the
 * confidence rating.
 */
(function (ns) {
  'use strict';

  // ctx: course, codec, state, keeper, dom (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, t = ctx.keeper, codec = ctx.codec;
    var $ = ctx.dom.$, budget = codec.budget;

    function updateCounter(r) {
      var ta = $('reflection-' + r.id), text = ta.value, counter = $('count-' + r.id);
      var used = codec.encodedLength(text), left = Math.max(0, budget - used);
      // Line breaks and quotes take two characters saved: the limit shrinks to match.
      ta.maxLength = Math.max(text.length, budget - (used - text.length));
      counter.textContent = left === 0 ? 'You have used all ' + budget + ' characters for this answer.'
        : 'You have ' + left + ' character' + (left === 1 ? '' : 's') + ' left (up to ' + budget + ').';
      counter.className = 'counter' + (left < 50 ? ' counter--low' : '');
      return left;
    }

    course.reflections.forEach((r) => {
      var ta = $('reflection-' + r.id), announced = null;
      // A paste may take more room once saved than maxlength counts: cut it, and say so.
      ta.value = codec.fitted(state.reflections[r.id] || '');
      if (ta.value) { state.reflections[r.id] = ta.value; }
      ta.maxLength = budget;
      updateCounter(r);
      ta.addEventListener('input', () => {
        var fit = codec.fitted(ta.value);
        if (fit !== ta.value) {
          ta.value = fit;
          $('counter-status').textContent = 'Your answer reached the limit of ' + budget +
            ' characters, so the end of the pasted text was not added.';
          announced = 0;
        }
        state.reflections[r.id] = ta.value;
        var left = updateCounter(r), level = left === 0 ? 0 : left < 50 ? 50 : null;
        if (level !== announced) {
          announced = level;
          if (level !== null) { $('counter-status').textContent = $('count-' + r.id).textContent; }
        }
        if (ta.value.trim()) { ctx.dom.clearFieldError(r.id); }
        t.saveSoon(true);
      });
      ta.addEventListener('change', t.commit);  // the learner has left the field
    });
    document.querySelectorAll('input[name="confidence"]').forEach((input) => {
      input.checked = state.confidence === Number(input.value);
      input.addEventListener('change', () => {
        state.confidence = Number(input.value);
        ctx.dom.clearFieldError(course.confidence.id);
        t.report();
        t.save();
        t.commit();  // a rating is one decision: sent now
      });
    });
    return {};
  }

  (ns.views = ns.views || {}).reflect = { bind: bind };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
