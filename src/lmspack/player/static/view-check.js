/* lmspack player: the knowledge check: answers, "Check my answers" with feedback
 * on every option and the score, and a retry after a fail.
 */
(function (ns) {
  'use strict';
  var rules = ns.rules || require('./rules.js').rules;

  // Feedback that opens with its own verdict ("Correct.", "Not quite,"), after
  // lint.py's Q101 patterns: the player then adds no "which is correct" of its own.
  var VERDICT = /^(?:correct|right|yes|well done|that's right|that is right|not quite|incorrect|wrong|no|sorry|not correct)\s*[.,!:;\u2014\u2013-]/i;

  // What goes before an option's feedback once submitted.
  function tag(mine, correct, feedback) {
    var verdict = VERDICT.test(feedback);
    return mine ? (correct && !verdict ? 'Your answer, which is correct: ' : 'Your answer: ')
      : correct && !verdict ? 'A correct answer: ' : '';
  }

  // After "Finish and save" the retry is disabled: what the learner can do instead.
  var ENDED = 'This attempt has ended, so you cannot try the questions again here. To try again, ' +
    'start a new attempt of this module from your learning platform, if it allows one.';

  // ctx: course, state, keeper, dom, refreshNav (see app.js).
  function bind(ctx) {
    var ended = false;
    var course = ctx.course, state = ctx.state, t = ctx.keeper, dom = ctx.dom, $ = dom.$;
    var passMark = course.completion.passMark;
    var inputsFor = (q) => q.options.map((o) => $(q.id + '--' + o.id));

    function showFeedback(announce) {
      var done = state.submitted;
      course.questions.forEach((q) => {
        var chosen = state.answers[q.id] || [], right = rules.isCorrect(q, state);
        q.options.forEach((o, i) => {
          var fb = $('feedback-' + q.id + '--' + o.id), input = $(q.id + '--' + o.id);
          var mine = done && chosen.indexOf(i) >= 0, before = done ? tag(mine, o.correct, o.feedback) : '';
          input.disabled = done;
          input.parentNode.classList.toggle('choice--chosen', mine);
          fb.hidden = !done;
          fb.className = 'feedback' + (o.correct ? ' feedback--correct' : '');
          fb.textContent = '';
          if (before) { fb.appendChild(dom.make('strong', before)); }
          if (done) { fb.appendChild(document.createTextNode(o.feedback)); }
        });
        var res = $('result-' + q.id);
        res.hidden = !done;
        res.textContent = !done ? '' : right ? 'You answered this question correctly.'
          : 'You did not answer this question correctly.';
        res.className = 'question__result ' + (done && right ? 'is-correct' : 'is-wrong');
      });
      $('check-submit').hidden = done;
      var panel = $('check-result');
      if (!done) { panel.textContent = ''; $('check-retry').hidden = true; return; }
      var g = rules.grade(course, state), passed = rules.passed(course, g);
      panel.textContent = 'You answered ' + g.correct + ' of ' + g.total + ' questions correctly (' +
        g.percent + '%). ' + (passed ? 'You passed: the pass mark is ' + passMark + '%.'
          : 'The pass mark is ' + passMark + '%. ' + (ended ? ENDED : 'Read the feedback, then try the questions again.'));
      panel.className = 'result-panel result-panel--' + (passed ? 'pass' : 'fail');
      $('check-retry').hidden = passed;
      if (announce) { panel.focus(); }
    }

    course.questions.forEach((q) => {
      inputsFor(q).forEach((input, i) => {
        input.checked = (state.answers[q.id] || []).indexOf(i) >= 0;
        input.addEventListener('change', () => {
          state.answers[q.id] = [];
          inputsFor(q).forEach((el, j) => { if (el.checked) { state.answers[q.id].push(j); } });
          dom.clearFieldError(q.id);
          t.saveSoon(false);  // committed with the submitted answers
        });
      });
    });
    $('check-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (state.submitted) { return; }
      var errors = course.questions.filter((q) => !(state.answers[q.id] || []).length)
        .map((q) => ({ field: q.id, target: inputsFor(q)[0].id,
                       message: 'Answer question ' + (course.questions.indexOf(q) + 1) + '.' }));
      dom.showErrors('check-errors', errors);
      if (errors.length) { return; }
      state.submitted = true;
      t.recordAnswers();
      showFeedback(true);
      ctx.refreshNav();  // the section list: (done) or (not passed)
      t.report();
      t.save();
      t.commit();
    });
    $('check-retry').addEventListener('click', () => {
      state.submitted = false;
      state.answers = {};
      course.questions.forEach((q) => { inputsFor(q).forEach((el) => { el.checked = false; }); });
      showFeedback(false);
      ctx.refreshNav();
      t.save();
      t.commit();
      inputsFor(course.questions[0])[0].focus();
    });
    showFeedback(false);
    // The session has ended (app.js disables the controls): the result says what next.
    function end() {
      ended = true;
      if (state.submitted) { showFeedback(false); }
    }
    return { ended: end };
  }

  (ns.views = ns.views || {}).check = { bind: bind, tag: tag };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
