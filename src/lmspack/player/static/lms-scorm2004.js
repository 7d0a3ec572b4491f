/* lmspack player: the SCORM 2004 (4th Edition) session (the contract is in
 * session.js; what both SCORM run-times share is in lms-scorm.js). The longest
 * response comes from course.limits, which standards/scorm2004.py declares.
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = factory(node ? require('./lms-scorm.js') : root.lmspack.scorm);
  if (node) { module.exports = api; } else { root.lmspack.adapters.scorm2004 = api; }
}(this, function (scorm) {
  'use strict';
  // SCORM 2004 RTE data model: the smallest maximums an LMS must keep for an
  // objective's description and the location, which strict run-times (scorm-again)
  // enforce; longer values are refused.
  var MAX = { description: 250, location: 1000 };

  function duration(seconds) { // ISO 8601 timeinterval, PT1H2M3.45S
    var cs = Math.round(seconds * 100), h = Math.floor(cs / 360000),
        m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return 'PT' + (h ? h + 'H' : '') + (h || m ? m + 'M' : '') + s.toFixed(2).replace(/\.?0+$/, '') + 'S';
  }
  function timestamp(date) { // time(second,10,0): at most two decimals of a second
    return date.toISOString().slice(0, 22) + 'Z';
  }
  // short_identifier_type: Moodle's pattern is ^[\w\.]{1,250}$ (mod/scorm/datamodels/
  // scorm_13.js), with no hyphen, so the course's option ids ("all-leaders") are sent
  // as "all_leaders". Course ids hold no underscores, so no two ids become one.
  function shortId(id) { return id.replace(/-/g, '_'); }
  function ids(indexes, options) {
    return indexes.map(function (i) { return shortId(options[i]); }).join('[,]');
  }
  // localized_string_type: one line, and not starting with '{' unless that opens a
  // {lang=...} delimiter (RTE 4.1.1.7; Moodle's and scorm-again's patterns refuse it).
  function langString(text, max) {
    var line = scorm.oneLine(text, max);
    return line.charAt(0) === '{' ? scorm.truncate(' ' + line, max) : line;
  }
  function measure(n) { return String(Math.round(n * 1e7) / 1e7); } // real(10,7)

  return scorm.adapter({
    name: 'scorm2004',
    apiName: 'API_1484_11',
    names: { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
             finish: 'Terminate', error: 'GetLastError', errorText: 'GetErrorString' },
    el: { mode: 'cmi.mode', entry: 'cmi.entry', location: 'cmi.location',
          suspendData: 'cmi.suspend_data', interactionCount: 'cmi.interactions._count',
          learnerName: 'cmi.learner_name' },
    // The LMS fills cmi.objectives from the manifest's objectives (and keeps them
    // across a suspended attempt): find each of ours by id, append the rest.
    started: function (s) {
      var lms = s.lms, count = parseInt(lms.get('cmi.objectives._count'), 10) || 0;
      s.objectiveIndex = {};   // objective id -> cmi.objectives index
      s.objectiveStored = {};  // ids the LMS already holds
      for (var i = 0; i < count; i += 1) {
        var id = lms.get('cmi.objectives.' + i + '.id');
        s.objectiveIndex[id] = i;
        s.objectiveStored[id] = true;
      }
      (s.course.objectives || []).forEach(function (o) {
        if (!(o.id in s.objectiveIndex)) { s.objectiveIndex[o.id] = count++; }
      });
    },
    location: function (page) { return scorm.truncate(page, MAX.location); },
    // As rules.js counts status: a pass or fail, else completed or not.
    status: function (lms) {
      var success = lms.get('cmi.success_status'), completion = lms.get('cmi.completion_status');
      return success === 'passed' || success === 'failed' ? success
        : completion === 'completed' ? 'completed' : 'incomplete';
    },
    writeOutcome: function (s, out) {
      var lms = s.lms, pairs = [], score = out.score, ok = true;
      var completed = out.status !== 'incomplete';
      var success = out.status === 'passed' || out.status === 'failed' ? out.status : 'unknown';
      if (score) {
        pairs.push(['cmi.score.scaled', measure((score.raw - score.min) / (score.max - score.min))],
                   ['cmi.score.raw', score.raw], ['cmi.score.min', score.min],
                   ['cmi.score.max', score.max]);
      }
      pairs.push(['cmi.progress_measure', measure(completed ? 1 : out.progress)],
                 ['cmi.completion_status', completed ? 'completed' : 'incomplete'],
                 ['cmi.success_status', success]);
      ok = s.setAll(pairs);
      // Every learning objective is met by the whole module: each takes its result.
      (s.course.objectives || []).forEach(function (o) {
        var p = 'cmi.objectives.' + s.objectiveIndex[o.id] + '.';
        if (!s.objectiveStored[o.id]) {
          s.objectiveStored[o.id] = lms.set(p + 'id', o.id);
          ok = s.objectiveStored[o.id] && ok;
        }
        ok = s.setAll([[p + 'description', langString(o.text, MAX.description)],
                       [p + 'completion_status', completed ? 'completed' : 'incomplete'],
                       [p + 'success_status', success]]) && ok;
      });
      return ok;
    },
    writeAnswer: function (s, p, it) {
      // id and type first: the response's format depends on the type (RTE 4.2.9).
      var pairs = [[p + 'id', it.id], [p + 'type', it.type],
                   [p + 'description', langString(it.description, MAX.description)],
                   [p + 'timestamp', timestamp(it.timestamp)]];
      var response, correct = null;
      if (it.type === 'choice') {
        response = ids(it.response, it.options);
        correct = ids(it.correct, it.options);
      } else if (it.type === 'true-false') {
        response = it.options[it.response[0]];  // option ids are "true" and "false"
        correct = it.options[it.correct[0]];
      } else {
        response = langString(it.response, s.course.limits.longResponse);
      }
      if (correct !== null) {
        pairs.push([p + 'correct_responses.0.pattern', correct], [p + 'weighting', 1]);
      }
      pairs.push([p + 'learner_response', response], [p + 'result', it.result],
                 [p + 'latency', duration(it.latencySeconds)]);
      return s.setAll(pairs);
    },
    beforeFinish: function (s, end) {
      s.lms.set('cmi.exit', end.suspend ? 'suspend' : 'normal');
      s.lms.set('cmi.session_time', duration(end.sessionSeconds));
      // LMSs that run sequencing suspend the course, not just this SCO, only when
      // asked (SCORM 2004 4th Ed. SN book, adl.nav.request); Moodle ignores it.
      if (end.suspend) { s.lms.set('adl.nav.request', 'suspendAll'); }
    },
  });
}));
