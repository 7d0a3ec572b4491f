/* lmspack player: the SCORM 2004 (4th Edition) run-time adapter (interface: see lms-none.js). */
(function () {
  'use strict';
  var adapters = window.LmspackAdapters = window.LmspackAdapters || {};
  var util = adapters.util;
  var NAMES = { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
                finish: 'Terminate', error: 'GetLastError', errorText: 'GetErrorString' };
  // SCORM 2004 RTE data model: the smallest maximums an LMS must keep, which
  // strict run-times (scorm-again) enforce; longer values are refused.
  var MAX = { description: 250, longFillIn: 4000, location: 1000 };

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
    var line = util.oneLine(text, max);
    return line.charAt(0) === '{' ? util.truncate(' ' + line, max) : line;
  }
  function measure(n) { return String(Math.round(n * 1e7) / 1e7); } // real(10,7)

  function Scorm2004(api, course) {
    this.name = 'scorm2004';
    this.lms = new util.Connection(api, NAMES);
    this.objectives = course.objectives || [];
    this.objectiveIndex = {};   // objective id -> cmi.objectives index
    this.objectiveStored = {};  // ids the LMS already holds
  }
  util.scormAdapter(Scorm2004);

  Scorm2004.prototype.start = function () {
    var lms = this.lms, self = this;
    if (!lms.run('init')) { return null; }
    this.mode = lms.get('cmi.mode');
    // 'resume' after a suspend; Moodle also sends '' for an attempt it kept, with its data.
    var fresh = lms.get('cmi.entry') === 'ab-initio';
    var count = parseInt(lms.get('cmi.interactions._count'), 10);
    // The LMS fills cmi.objectives from the manifest's objectives (and keeps them
    // across a suspended attempt): find each of ours by id, append the rest.
    var objectiveCount = parseInt(lms.get('cmi.objectives._count'), 10) || 0;
    for (var i = 0; i < objectiveCount; i += 1) {
      var id = lms.get('cmi.objectives.' + i + '.id');
      this.objectiveIndex[id] = i;
      this.objectiveStored[id] = true;
    }
    this.objectives.forEach(function (o) {
      if (!(o.id in self.objectiveIndex)) { self.objectiveIndex[o.id] = objectiveCount++; }
    });
    var success = lms.get('cmi.success_status'), completion = lms.get('cmi.completion_status');
    return {
      location: fresh ? '' : lms.get('cmi.location'),
      suspendData: fresh ? '' : lms.get('cmi.suspend_data'),
      // As the player counts status: a pass or fail, else completed or not.
      status: success === 'passed' || success === 'failed' ? success
        : completion === 'completed' ? 'completed' : 'incomplete',
      interactionCount: isNaN(count) ? 0 : count,
      learnerName: lms.get('cmi.learner_name'),
    };
  };
  Scorm2004.prototype.save = function (location, suspendData) {
    if (this.readOnly()) { return true; }
    var a = this.lms.set('cmi.location', util.truncate(location, MAX.location));
    var b = this.lms.set('cmi.suspend_data', suspendData);
    return a && b;
  };
  Scorm2004.prototype.setResult = function (status, score, progress) {
    if (this.readOnly()) { return true; }
    var lms = this.lms, ok = true, self = this;
    function set(el, v) { ok = lms.set(el, v) && ok; }
    var completed = status !== 'incomplete';
    var success = status === 'passed' || status === 'failed' ? status : 'unknown';
    if (score) {
      set('cmi.score.scaled', measure((score.raw - score.min) / (score.max - score.min)));
      set('cmi.score.raw', score.raw);
      set('cmi.score.min', score.min);
      set('cmi.score.max', score.max);
    }
    set('cmi.progress_measure', measure(completed ? 1 : progress));
    set('cmi.completion_status', completed ? 'completed' : 'incomplete');
    set('cmi.success_status', success);
    // Every learning objective is met by the whole module: each takes its result.
    this.objectives.forEach(function (o) {
      var p = 'cmi.objectives.' + self.objectiveIndex[o.id] + '.';
      if (!self.objectiveStored[o.id]) {
        self.objectiveStored[o.id] = lms.set(p + 'id', o.id);
        ok = self.objectiveStored[o.id] && ok;
      }
      set(p + 'description', langString(o.text, MAX.description));
      set(p + 'completion_status', completed ? 'completed' : 'incomplete');
      set(p + 'success_status', success);
    });
    return ok;
  };
  Scorm2004.prototype.recordInteraction = function (n, it) {
    if (this.readOnly()) { return true; }
    var p = 'cmi.interactions.' + n + '.', ok = true, lms = this.lms;
    function set(el, v) { ok = lms.set(p + el, v) && ok; }
    // id and type first: the response's format depends on the type (RTE 4.2.9).
    set('id', it.id);
    set('type', it.type);
    set('description', langString(it.description, MAX.description));
    set('timestamp', timestamp(it.timestamp));
    var response, correct = null;
    if (it.type === 'choice') {
      response = ids(it.response, it.options);
      correct = ids(it.correct, it.options);
    } else if (it.type === 'true-false') {
      response = it.options[it.response[0]];  // option ids are "true" and "false"
      correct = it.options[it.correct[0]];
    } else {
      response = langString(it.response, MAX.longFillIn);
    }
    if (correct !== null) {
      set('correct_responses.0.pattern', correct);
      set('weighting', 1);
    }
    set('learner_response', response);
    set('result', it.result);
    set('latency', duration(it.latencySeconds));
    return ok;
  };
  Scorm2004.prototype.beforeFinish = function (exit, sessionSeconds) {
    this.lms.set('cmi.exit', exit === 'suspend' ? 'suspend' : 'normal');
    this.lms.set('cmi.session_time', duration(sessionSeconds));
    // LMSs that run sequencing suspend the course, not just this SCO, only when
    // asked (SCORM 2004 4th Ed. SN book, adl.nav.request); Moodle ignores it.
    if (exit === 'suspend') { this.lms.set('adl.nav.request', 'suspendAll'); }
  };

  adapters.scorm2004 = { connect: function (course) {
    var api = util.findApi('API_1484_11');
    return api ? new Scorm2004(api, course) : null;
  } };
}());
