/* lmspack player: the knowledge check: answers, "Check my answers" with feedback
 * on every option and the score, and a retry after a fail.
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = factory(node ? require('./rules.js') : root.lmspack.rules);
  if (node) { module.exports = api; }
  else { ((root.lmspack = root.lmspack || {}).views = root.lmspack.views || {}).check = api; }
}(this, function (rules) {
  'use strict';

  // ctx: course, state, keeper, dom (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, t = ctx.keeper, $ = ctx.dom.$;
    var passMark = course.completion.passMark;

    function inputsFor(q) {
      return q.options.map(function (o) { return $(q.id + '--' + o.id); });
    }

    function showFeedback(announce) {
      var done = state.submitted;
      course.questions.forEach(function (q) {
        var chosen = state.answers[q.id] || [], right = rules.isCorrect(q, state);
        q.options.forEach(function (o, i) {
          var fb = $('feedback-' + q.id + '--' + o.id);
          var input = $(q.id + '--' + o.id);
          input.disabled = done;
          fb.hidden = !done;
          fb.className = 'feedback' + (o.correct ? ' feedback--correct' : '');
          fb.textContent = '';
          if (done) {
            var mine = chosen.indexOf(i) >= 0;
            var tag = mine && o.correct ? 'Your answer, which is correct: '
              : mine ? 'Your answer: ' : o.correct ? 'A correct answer: ' : '';
            if (tag) {
              var strong = document.createElement('strong');
              strong.textContent = tag;
              fb.appendChild(strong);
            }
            fb.appendChild(document.createTextNode(o.feedback));
          }
        });
        var res = $('result-' + q.id);
        res.hidden = !done;
        res.textContent = done ? (right ? 'You answered this question correctly.'
          : 'You did not answer this question correctly.') : '';
        res.className = 'question__result ' + (done && right ? 'is-correct' : 'is-wrong');
      });
      $('check-submit').hidden = done;
      var panel = $('check-result');
      if (!done) { panel.textContent = ''; $('check-retry').hidden = true; return; }
      var g = rules.grade(course, state), passed = rules.passed(course, g);
      panel.textContent = 'You answered ' + g.correct + ' of ' + g.total + ' questions correctly (' +
        g.percent + '%). ' + (passed ? 'You passed: the pass mark is ' + passMark + '%.'
          : 'The pass mark is ' + passMark + '%. Read the feedback, then try the questions again.');
      panel.className = 'result-panel ' + (passed ? 'result-panel--pass' : 'result-panel--fail');
      $('check-retry').hidden = passed;
      if (announce) { panel.focus(); }
    }

    course.questions.forEach(function (q) {
      inputsFor(q).forEach(function (input, i) {
        input.checked = (state.answers[q.id] || []).indexOf(i) >= 0;
        input.addEventListener('change', function () {
          state.answers[q.id] = inputsFor(q).reduce(function (acc, el, j) {
            if (el.checked) { acc.push(j); }
            return acc;
          }, []);
          ctx.dom.clearFieldError(q.id);
          t.saveSoon(false);  // committed with the submitted answers
        });
      });
    });
    $('check-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (state.submitted) { return; }
      var errors = course.questions.filter(function (q) {
        return !(state.answers[q.id] || []).length;
      }).map(function (q) {
        return { field: q.id, target: inputsFor(q)[0].id,
                 message: 'Answer question ' + (course.questions.indexOf(q) + 1) + '.' };
      });
      ctx.dom.showErrors('check-errors', errors);
      if (errors.length) { return; }
      state.submitted = true;
      t.recordAnswers();
      showFeedback(true);
      t.report();
      t.save();
      t.commit();
    });
    $('check-retry').addEventListener('click', function () {
      state.submitted = false;
      state.answers = {};
      course.questions.forEach(function (q) {
        inputsFor(q).forEach(function (el) { el.checked = false; });
      });
      showFeedback(false);
      t.save();
      t.commit();
      inputsFor(course.questions[0])[0].focus();
    });
    showFeedback(false);
    return { refresh: function () { showFeedback(false); } };
  }

  return { bind: bind };
}));
