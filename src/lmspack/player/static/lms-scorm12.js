/* lmspack player: the SCORM 1.2 run-time's elements and data forms, for
 * lms-scorm.js. Limits come from course.limits (standards/scorm12.py).
 */
(function (ns) {
  'use strict';
  var scorm = ns.scorm || require('./lms-scorm.js').scorm, pad = scorm.pad;

  function timespan(seconds) { // CMITimespan HHHH:MM:SS.SS
    var t = scorm.hms(seconds);
    return pad(Math.min(t[0], 9999), 2) + ':' + pad(t[1], 2) + ':' + pad(t[2].toFixed(2), 5);
  }
  var clock = (d) => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => pad(n, 2)).join(':');
  // Choices are single letters; true-false options are [true, false].
  var letters = (ix) => ix.map((i) => 'abcdefghijklmnopqrstuvwxyz'.charAt(i)).join(',');
  var tf = (ix) => (ix[0] === 0 ? 't' : 'f');

  (ns.adapters = ns.adapters || {}).scorm12 = scorm.adapter({
    name: 'scorm12',
    apiName: 'API',
    names: { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue',
             commit: 'LMSCommit', finish: 'LMSFinish', error: 'LMSGetLastError',
             errorText: 'LMSGetErrorString' },
    el: { mode: 'cmi.core.lesson_mode', entry: 'cmi.core.entry',
          location: 'cmi.core.lesson_location', suspendData: 'cmi.suspend_data',
          interactionCount: 'cmi.interactions._count', learnerName: 'cmi.core.student_name' },
    started: () => {},
    location: (page) => page,
    status: (lms) => lms.get('cmi.core.lesson_status'),
    writeOutcome: (s, out) => { // no progress measure in 1.2
      var pairs = out.score ? [['cmi.core.score.min', out.score.min], ['cmi.core.score.max', out.score.max],
                               ['cmi.core.score.raw', out.score.raw]] : [];  // raw 0-100, as Moodle reads it
      return s.setAll(pairs.concat([['cmi.core.lesson_status', out.status]]));
    },
    writeAnswer: (s, p, it) => {
      var type = it.type === 'long-fill-in' ? 'fill-in' : it.type;
      var form = type === 'choice' ? letters : type === 'true-false' ? tf : null;
      var pairs = [[p + 'id', it.id], [p + 'type', type], [p + 'time', clock(it.timestamp)]];
      if (form) { pairs.push([p + 'correct_responses.0.pattern', form(it.correct)], [p + 'weighting', 1]); }
      pairs.push([p + 'student_response', form ? form(it.response) : scorm.oneLine(it.response, s.course.limits.response)],
                 [p + 'result', it.result === 'incorrect' ? 'wrong' : it.result],
                 [p + 'latency', timespan(it.latencySeconds)]);
      return s.setAll(pairs);
    },
    beforeFinish: (s, end) => {
      s.lms.set('cmi.core.exit', end.suspend ? 'suspend' : '');
      s.lms.set('cmi.core.session_time', timespan(end.sessionSeconds));
    },
  });
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
