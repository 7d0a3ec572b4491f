/* lmspack player: what completed, passed, failed, progress and what is left to do
 * mean: pure functions of the course data and the learner's state (state.js).
 */
(function (ns) {
  'use strict';

  function correctIndexes(q) {
    var out = [];
    q.options.forEach((o, i) => { if (o.correct) { out.push(i); } });
    return out;
  }

  function isCorrect(q, state) {
    var given = (state.answers[q.id] || []).slice().sort(), want = correctIndexes(q);
    return given.length === want.length && given.every((v, i) => v === want[i]);
  }

  // {correct, total, percent} of the knowledge check as answered.
  function grade(course, state) {
    var total = course.questions.length;
    var correct = course.questions.filter((q) => isCorrect(q, state)).length;
    return { correct: correct, total: total, percent: total ? Math.round(100 * correct / total) : 100 };
  }

  var passed = (course, score) => score.percent >= course.completion.passMark;
  var answered = (state, r) => !!(state.reflections[r.id] || '').trim();

  // What is left to do, as [section, what to do] pairs, in the order of the sections.
  function todo(course, state) {
    var c = course.completion, items = [];
    if (c.recordingRequired && !state.watched) {
      items.push(['recording', course.recording.kind === 'file'
        ? 'Watch the recording (at least ' + course.recording.playedPercent + '% of it).'
        : 'Watch the recording and confirm that you have watched it.']);
    }
    if (c.reflectionsRequired) {
      var missing = course.reflections.filter((r) => !answered(state, r)).length;
      if (missing) {
        items.push(['reflect', 'Answer ' + (missing === 1 ? 'the remaining reflection question.'
          : 'the ' + missing + ' remaining reflection questions.')]);
      }
      if (course.confidence && state.confidence === null) { items.push(['reflect', 'Rate your confidence.']); }
    }
    if (!state.submitted) { items.push(['check', 'Answer the knowledge check questions.']); }
    return items;
  }

  // The share of the activities done, 0 to 1 (SCORM 2004's progress_measure).
  function progress(course, state) {
    var c = course.completion, done = [state.submitted];
    if (c.recordingRequired) { done.push(state.watched); }
    if (c.reflectionsRequired) {
      course.reflections.forEach((r) => { done.push(answered(state, r)); });
      if (course.confidence) { done.push(state.confidence !== null); }
    }
    return done.filter(Boolean).length / done.length;
  }

  // {status: incomplete, passed or failed; score: grade() once submitted, else null}.
  function outcome(course, state) {
    var score = state.submitted ? grade(course, state) : null;
    var status = todo(course, state).length ? 'incomplete' : passed(course, score) ? 'passed' : 'failed';
    return { status: status, score: score };
  }

  var isDone = (status) => status === 'passed' || status === 'completed';

  ns.rules = { correctIndexes: correctIndexes, isCorrect: isCorrect, grade: grade, passed: passed,
               todo: todo, progress: progress, outcome: outcome, isDone: isDone };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
