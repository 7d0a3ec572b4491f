/* lmspack player: the SCORM 1.2 run-time adapter (interface: see lms-none.js). */
(function () {
  'use strict';
  var adapters = window.LmspackAdapters = window.LmspackAdapters || {};
  var util = adapters.util, pad = util.pad;
  var NAMES = { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue',
                commit: 'LMSCommit', finish: 'LMSFinish', error: 'LMSGetLastError',
                errorText: 'LMSGetErrorString' };

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

  function Scorm12(api) {
    this.name = 'scorm12';
    this.lms = new util.Connection(api, NAMES);
  }
  util.scormAdapter(Scorm12);
  Scorm12.prototype.start = function () {
    var lms = this.lms;
    if (!lms.run('init')) { return null; }
    this.mode = lms.get('cmi.core.lesson_mode');
    var fresh = lms.get('cmi.core.entry') === 'ab-initio';
    var count = parseInt(lms.get('cmi.interactions._count'), 10);
    return {
      location: fresh ? '' : lms.get('cmi.core.lesson_location'),
      suspendData: fresh ? '' : lms.get('cmi.suspend_data'),
      status: lms.get('cmi.core.lesson_status'),
      interactionCount: isNaN(count) ? 0 : count,
      learnerName: lms.get('cmi.core.student_name'),
    };
  };
  Scorm12.prototype.save = function (location, suspendData) {
    if (this.readOnly()) { return true; }
    var a = this.lms.set('cmi.core.lesson_location', location);
    var b = this.lms.set('cmi.suspend_data', suspendData);
    return a && b;
  };
  Scorm12.prototype.setResult = function (status, score) { // 1.2 has no progress measure
    if (this.readOnly()) { return true; }
    var ok = true, lms = this.lms;
    if (score) {
      // Moodle reads raw on a 0-100 scale (lms-platform-facts.md, item 7).
      ok = lms.set('cmi.core.score.min', score.min) && ok;
      ok = lms.set('cmi.core.score.max', score.max) && ok;
      ok = lms.set('cmi.core.score.raw', score.raw) && ok;
    }
    return lms.set('cmi.core.lesson_status', status) && ok;
  };
  Scorm12.prototype.recordInteraction = function (n, it) {
    if (this.readOnly()) { return true; }
    var p = 'cmi.interactions.' + n + '.', ok = true, lms = this.lms;
    function set(el, v) { ok = lms.set(p + el, v) && ok; }
    var type = TYPES[it.type];
    set('id', it.id);
    set('type', type);
    set('time', clock(it.timestamp));
    var response, correct = null;
    if (type === 'choice') {
      response = choiceForm(it.response);
      correct = choiceForm(it.correct);
    } else if (type === 'true-false') {
      response = it.response[0] === 0 ? 't' : 'f'; // options are [true, false]
      correct = it.correct[0] === 0 ? 't' : 'f';
    } else {
      response = util.oneLine(it.response, 255);  // CMIString255
    }
    if (correct !== null) {
      set('correct_responses.0.pattern', correct);
      set('weighting', 1);
    }
    set('student_response', response);
    set('result', it.result === 'incorrect' ? 'wrong' : it.result);
    set('latency', timespan(it.latencySeconds));
    return ok;
  };
  Scorm12.prototype.beforeFinish = function (exit, sessionSeconds) {
    this.lms.set('cmi.core.exit', exit);
    this.lms.set('cmi.core.session_time', timespan(sessionSeconds));
  };

  adapters.scorm12 = { connect: function () {
    var api = util.findApi('API');
    return api ? new Scorm12(api) : null;
  } };
}());
