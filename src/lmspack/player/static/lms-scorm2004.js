/* lmspack player: the SCORM 2004 4th Edition run-time's elements and data forms,
 * for lms-scorm.js. The longest response comes from course.limits
 * (standards/scorm2004.py).
 */
(function (ns) {
  'use strict';
  var scorm = ns.scorm || require('./lms-scorm.js').scorm;
  // The smallest maximums an LMS must keep (RTE data model); scorm-again refuses more.
  var MAX = { description: 250, location: 1000 };

  function duration(seconds) { // ISO 8601, PT1H2M3.45S
    var t = scorm.hms(seconds);
    return 'PT' + (t[0] ? t[0] + 'H' : '') + (t[0] || t[1] ? t[1] + 'M' : '') +
      t[2].toFixed(2).replace(/\.?0+$/, '') + 'S';
  }
  var timestamp = (date) => date.toISOString().slice(0, 22) + 'Z'; // at most 2 decimals
  // Moodle's short_identifier_type pattern (^[\w\.]{1,250}$) has no hyphen; course
  // ids hold no underscores, so no two become one.
  var ids = (indexes, options) => indexes.map((i) => options[i].replace(/-/g, '_')).join('[,]');
  // localized_string_type: one line, not opening with '{' unless a {lang=...}
  // delimiter (RTE 4.1.1.7).
  function langString(text, max) {
    var line = scorm.oneLine(text, max);
    return line.charAt(0) === '{' ? scorm.truncate(' ' + line, max) : line;
  }
  var measure = (n) => String(Math.round(n * 1e7) / 1e7); // real(10,7)

  (ns.adapters = ns.adapters || {}).scorm2004 = scorm.adapter({
    name: 'scorm2004',
    apiName: 'API_1484_11',
    names: { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
             finish: 'Terminate', error: 'GetLastError', errorText: 'GetErrorString' },
    el: { mode: 'cmi.mode', entry: 'cmi.entry', location: 'cmi.location',
          suspendData: 'cmi.suspend_data', interactionCount: 'cmi.interactions._count',
          learnerName: 'cmi.learner_name' },
    // The LMS fills cmi.objectives from the manifest (and keeps them across a
    // suspend): find ours by id, append the rest.
    started: (s) => {
      var lms = s.lms, count = parseInt(lms.get('cmi.objectives._count'), 10) || 0;
      s.objectiveIndex = {};   // objective id -> cmi.objectives index
      s.objectiveStored = {};  // ids the LMS holds
      for (var i = 0; i < count; i += 1) {
        var id = lms.get('cmi.objectives.' + i + '.id');
        s.objectiveIndex[id] = i;
        s.objectiveStored[id] = true;
      }
      (s.course.objectives || []).forEach((o) => {
        if (!(o.id in s.objectiveIndex)) { s.objectiveIndex[o.id] = count++; }
      });
    },
    location: (page) => scorm.truncate(page, MAX.location),
    status: (lms) => {
      var success = lms.get('cmi.success_status');
      return success === 'passed' || success === 'failed' ? success
        : lms.get('cmi.completion_status') === 'completed' ? 'completed' : 'incomplete';
    },
    writeOutcome: (s, out) => {
      var score = out.score, completed = out.status === 'incomplete' ? 'incomplete' : 'completed';
      var success = out.status === 'passed' || out.status === 'failed' ? out.status : 'unknown';
      var pairs = score ? [['cmi.score.scaled', measure((score.raw - score.min) / (score.max - score.min))],
                           ['cmi.score.raw', score.raw], ['cmi.score.min', score.min],
                           ['cmi.score.max', score.max]] : [];
      var ok = s.setAll(pairs.concat([['cmi.progress_measure', measure(out.status === 'incomplete' ? out.progress : 1)],
                                      ['cmi.completion_status', completed], ['cmi.success_status', success]]));
      // The whole module meets every learning objective: each takes its result.
      (s.course.objectives || []).forEach((o) => {
        var p = 'cmi.objectives.' + s.objectiveIndex[o.id] + '.';
        if (!s.objectiveStored[o.id]) { ok = (s.objectiveStored[o.id] = s.lms.set(p + 'id', o.id)) && ok; }
        ok = s.setAll([[p + 'description', langString(o.text, MAX.description)],
                       [p + 'completion_status', completed], [p + 'success_status', success]]) && ok;
      });
      return ok;
    },
    writeAnswer: (s, p, it) => {
      // id and type first: the response's format depends on the type (RTE 4.2.9).
      var pairs = [[p + 'id', it.id], [p + 'type', it.type],
                   [p + 'description', langString(it.description, MAX.description)],
                   [p + 'timestamp', timestamp(it.timestamp)]];
      var form = it.type === 'choice' ? (ix) => ids(ix, it.options)
        : it.type === 'true-false' ? (ix) => it.options[ix[0]] : null;  // ids "true", "false"
      if (form) { pairs.push([p + 'correct_responses.0.pattern', form(it.correct)], [p + 'weighting', 1]); }
      pairs.push([p + 'learner_response', form ? form(it.response) : langString(it.response, s.course.limits.longResponse)],
                 [p + 'result', it.result], [p + 'latency', duration(it.latencySeconds)]);
      return s.setAll(pairs);
    },
    beforeFinish: (s, end) => {
      s.lms.set('cmi.exit', end.suspend ? 'suspend' : 'normal');
      s.lms.set('cmi.session_time', duration(end.sessionSeconds));
      // Sequencing LMSs suspend the course, not just this SCO, only when asked (SN book).
      if (end.suspend) { s.lms.set('adl.nav.request', 'suspendAll'); }
    },
  });
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
