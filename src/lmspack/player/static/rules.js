/* lmspack player: what completed, passed, failed and progress mean, as pure
 * functions of the course (course data) and the learner's state (state.js).
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { (root.lmspack = root.lmspack || {}).rules = api; }
}(this, function () {
  'use strict';

  function correctIndexes(q) {
    var out = [];
    q.options.forEach(function (o, i) { if (o.correct) { out.push(i); } });
    return out;
  }

  function isCorrect(q, state) {
    var given = (state.answers[q.id] || []).slice().sort();
    var want = correctIndexes(q);
    return given.length === want.length && given.every(function (v, i) { return v === want[i]; });
  }

  // {correct, total, percent} of the knowledge check as answered.
  function grade(course, state) {
    var correct = 0;
    course.questions.forEach(function (q) { if (isCorrect(q, state)) { correct += 1; } });
    var total = course.questions.length;
    return { correct: correct, total: total,
             percent: total ? Math.round(100 * correct / total) : 100 };
  }

  function passed(course, score) { return score.percent >= course.completion.passMark; }

  // What is left to do, as [section, what to do] pairs, in the order of the sections.
  function todo(course, state) {
    var c = course.completion, items = [];
    if (c.recordingRequired && !state.watched) {
      items.push(['recording', course.recording.kind === 'file'
        ? 'Watch the recording (at least ' + course.recording.playedPercent + '% of it).'
        : 'Watch the recording and confirm that you have watched it.']);
    }
    if (c.reflectionsRequired) {
      var missing = course.reflections.filter(function (r) {
        return !(state.reflections[r.id] || '').trim();
      });
      if (missing.length) {
        items.push(['reflect', 'Answer ' + (missing.length === 1 ? 'the remaining reflection question.'
          : 'the ' + missing.length + ' remaining reflection questions.')]);
      }
      if (course.confidence && state.confidence === null) {
        items.push(['reflect', 'Rate your confidence.']);
      }
    }
    if (!state.submitted) { items.push(['check', 'Answer the knowledge check questions.']); }
    return items;
  }

  // The share of the module's activities done, 0 to 1 (SCORM 2004's progress_measure).
  function progress(course, state) {
    var c = course.completion, steps = 1, left = state.submitted ? 0 : 1;
    if (c.recordingRequired) { steps += 1; left += state.watched ? 0 : 1; }
    if (c.reflectionsRequired) {
      course.reflections.forEach(function (r) {
        steps += 1;
        left += (state.reflections[r.id] || '').trim() ? 0 : 1;
      });
      if (course.confidence) { steps += 1; left += state.confidence === null ? 1 : 0; }
    }
    return (steps - left) / steps;
  }

  // {status: incomplete|passed|failed, score: grade() once submitted, else null}.
  function outcome(course, state) {
    var score = state.submitted ? grade(course, state) : null;
    var status = 'incomplete';
    if (!todo(course, state).length) { status = passed(course, score) ? 'passed' : 'failed'; }
    return { status: status, score: score };
  }

  function isDone(status) { return status === 'passed' || status === 'completed'; }

  return { correctIndexes: correctIndexes, isCorrect: isCorrect, grade: grade, passed: passed,
           todo: todo, progress: progress, outcome: outcome, isDone: isDone };
}));
