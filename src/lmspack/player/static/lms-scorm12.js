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
    // Moodle sets passed or failed from score.raw on LMSFinish whenever the manifest
    // has a mastery score, ignoring lesson_status: so the score goes only with a final
    // status (the keeper sends none before), and never with incomplete.
    writeOutcome: (s, out) => { // no progress measure in 1.2
      var pairs = out.score && out.status !== 'incomplete'
        ? [['cmi.core.score.min', out.score.min], ['cmi.core.score.max', out.score.max],
           ['cmi.core.score.raw', out.score.raw]] : [];  // raw 0-100, as Moodle reads it
      return s.setAll(pairs.concat([['cmi.core.lesson_status', out.status]]));
    },
    // A text goes whole first (Moodle's default mode and Learning Hub keep 64,000); if
    // refused (405 in Moodle's standards mode, which keeps 255), shortened at a word and
    // marked, noted in s.shortened. Suspend data keeps the full text either way.
    writeAnswer: (s, p, it) => {
      var type = it.type === 'long-fill-in' ? 'fill-in' : it.type;
      var form = type === 'choice' ? letters : type === 'true-false' ? tf : null;
      var pairs = [[p + 'id', it.id], [p + 'type', type], [p + 'time', clock(it.timestamp)]];
      if (form) { pairs.push([p + 'correct_responses.0.pattern', form(it.correct)], [p + 'weighting', 1]); }
      var ok = s.setAll(pairs), el = p + 'student_response';
      if (form) {
        ok = s.lms.set(el, form(it.response)) && ok;
      } else {
        var whole = scorm.oneLine(it.response);
        s.shortened[it.id] = !s.lms.set(el, whole);
        if (s.shortened[it.id]) { ok = s.lms.set(el, scorm.shortened(whole, s.course.limits.response)) && ok; }
      }
      return s.setAll([[p + 'result', it.result === 'incorrect' ? 'wrong' : it.result],
                       [p + 'latency', timespan(it.latencySeconds)]]) && ok;
    },
    beforeFinish: (s, end) => {
      s.lms.set('cmi.core.exit', end.suspend ? 'suspend' : '');
      s.lms.set('cmi.core.session_time', timespan(end.sessionSeconds));
    },
  });
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
