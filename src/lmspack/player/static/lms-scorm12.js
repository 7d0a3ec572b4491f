/* lmspack player: the SCORM 1.2 session (the contract is in session.js; what both
 * SCORM run-times share is in lms-scorm.js). Limits come from course.limits, which
 * standards/scorm12.py declares.
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = factory(node ? require('./lms-scorm.js') : root.lmspack.scorm);
  if (node) { module.exports = api; } else { root.lmspack.adapters.scorm12 = api; }
}(this, function (scorm) {
  'use strict';
  var pad = scorm.pad;

  function timespan(seconds) { // CMITimespan HHHH:MM:SS.SS
    var cs = Math.round(seconds * 100), h = Math.floor(cs / 360000),
        m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return pad(Math.min(h, 9999), 2) + ':' + pad(m, 2) + ':' + pad(s.toFixed(2), 5);
  }
  function clock(date) { // CMITime HH:MM:SS
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }
  // Interaction types and responses in SCORM 1.2's forms: choices are single characters.
  var TYPES = { 'long-fill-in': 'fill-in', 'likert': 'likert', 'choice': 'choice',
                'true-false': 'true-false' };
  function letter(i) { return 'abcdefghijklmnopqrstuvwxyz'.charAt(i); }
  function choiceForm(ix) { return ix.map(letter).join(','); }

  return scorm.adapter({
    name: 'scorm12',
    apiName: 'API',
    names: { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue',
             commit: 'LMSCommit', finish: 'LMSFinish', error: 'LMSGetLastError',
             errorText: 'LMSGetErrorString' },
    el: { mode: 'cmi.core.lesson_mode', entry: 'cmi.core.entry',
          location: 'cmi.core.lesson_location', suspendData: 'cmi.suspend_data',
          interactionCount: 'cmi.interactions._count', learnerName: 'cmi.core.student_name' },
    started: function () {},
    location: function (page) { return page; },
    status: function (lms) { return lms.get('cmi.core.lesson_status'); },
    writeOutcome: function (s, out) { // 1.2 has no progress measure
      var pairs = [];
      if (out.score) {
        // Moodle reads raw on a 0-100 scale (lms-platform-facts.md, item 7).
        pairs.push(['cmi.core.score.min', out.score.min], ['cmi.core.score.max', out.score.max],
                   ['cmi.core.score.raw', out.score.raw]);
      }
      pairs.push(['cmi.core.lesson_status', out.status]);
      return s.setAll(pairs);
    },
    writeAnswer: function (s, p, it) {
      var type = TYPES[it.type], pairs = [[p + 'id', it.id], [p + 'type', type],
                                          [p + 'time', clock(it.timestamp)]];
      var response, correct = null;
      if (type === 'choice') {
        response = choiceForm(it.response);
        correct = choiceForm(it.correct);
      } else if (type === 'true-false') {
        response = it.response[0] === 0 ? 't' : 'f'; // options are [true, false]
        correct = it.correct[0] === 0 ? 't' : 'f';
      } else {
        response = scorm.oneLine(it.response, s.course.limits.response);
      }
      if (correct !== null) {
        pairs.push([p + 'correct_responses.0.pattern', correct], [p + 'weighting', 1]);
      }
      pairs.push([p + 'student_response', response],
                 [p + 'result', it.result === 'incorrect' ? 'wrong' : it.result],
                 [p + 'latency', timespan(it.latencySeconds)]);
      return s.setAll(pairs);
    },
    beforeFinish: function (s, end) {
      s.lms.set('cmi.core.exit', end.suspend ? 'suspend' : '');
      s.lms.set('cmi.core.session_time', timespan(end.sessionSeconds));
    },
  });
}));
