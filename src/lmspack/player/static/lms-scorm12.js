/* lmspack player: the SCORM 1.2 run-time adapter (interface: see lms-none.js). */
(function () {
  'use strict';
  var adapters = window.LmspackAdapters = window.LmspackAdapters || {};

  // SCORM 1.2 RTE 3.3.6.1: look in each parent frame, then in the opener and its
  // parents (NHS Learning Hub launches packages in a pop-up window).
  function search(win) {
    for (var hops = 0; win && hops < 500; hops += 1) {
      try { if (win.API) { return win.API; } } catch (e) { /* another origin */ }
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) { break; }
      win = parent;
    }
    return null;
  }
  function findApi() {
    var api = search(window);
    // A pop-up's own frames have no opener: ask the pop-up's top window too.
    [function () { return window.opener; }, function () { return window.top.opener; }]
      .forEach(function (opener) {
        try { if (!api && opener()) { api = search(opener()); } } catch (e) { /* cross-origin */ }
      });
    return api;
  }

  function pad(n, width) { n = String(n); while (n.length < width) { n = '0' + n; } return n; }
  function timespan(seconds) { // CMITimespan HHHH:MM:SS.SS
    var cs = Math.round(seconds * 100), h = Math.floor(cs / 360000),
        m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return pad(Math.min(h, 9999), 2) + ':' + pad(m, 2) + ':' + pad(s.toFixed(2), 5);
  }
  function clock(date) { // CMITime HH:MM:SS
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }
  // Interaction types and responses in SCORM 1.2's forms: choices are single characters.
  var TYPES = { 'fill-in': 'fill-in', 'long-fill-in': 'fill-in', 'likert': 'likert',
                'choice': 'choice', 'true-false': 'true-false' };
  function letter(i) { return 'abcdefghijklmnopqrstuvwxyz'.charAt(i); }
  function choiceForm(ix) { return ix.map(letter).join(','); }
  function truncate(text, max) {
    if (text.length <= max) { return text; }
    var cut = text.slice(0, max), last = cut.charCodeAt(cut.length - 1);
    return last >= 0xD800 && last <= 0xDBFF ? cut.slice(0, -1) : cut; // keep pairs whole
  }

  function Scorm12(api) {
    this.name = 'scorm12';
    this.recording = true;
    this.api = api;
    this.lastError = '';
    this.finished = false;
  }
  Scorm12.prototype.call = function (fn, a, b) {
    if (this.finished) { return 'false'; }
    var result;
    try { result = String(b === undefined ? this.api[fn](a) : this.api[fn](a, b)); } catch (e) {
      this.lastError = fn + ': ' + e.message; return 'false';
    }
    return result;
  };
  Scorm12.prototype.ok = function (result, what) {
    if (result === 'true') { return true; }
    var code = '';
    try { code = String(this.api.LMSGetLastError()); } catch (e) { code = '?'; }
    var text = '';
    try { text = String(this.api.LMSGetErrorString(code)); } catch (e) { text = ''; }
    this.lastError = what + ' was refused (error ' + code + (text ? ': ' + text : '') + ')';
    return false;
  };
  Scorm12.prototype.get = function (el) { return this.call('LMSGetValue', el); };
  Scorm12.prototype.set = function (el, value) {
    return this.ok(this.call('LMSSetValue', el, String(value)), el);
  };
  Scorm12.prototype.start = function () {
    if (!this.ok(this.call('LMSInitialize', ''), 'LMSInitialize')) { return null; }
    var status = this.get('cmi.core.lesson_status');
    this.mode = this.get('cmi.core.lesson_mode');
    var entry = this.get('cmi.core.entry');
    var count = parseInt(this.get('cmi.interactions._count'), 10);
    return {
      location: entry === 'ab-initio' ? '' : this.get('cmi.core.lesson_location'),
      suspendData: entry === 'ab-initio' ? '' : this.get('cmi.suspend_data'),
      status: status,
      interactionCount: isNaN(count) ? 0 : count,
    };
  };
  Scorm12.prototype.readOnly = function () { return this.mode === 'review' || this.mode === 'browse'; };
  Scorm12.prototype.save = function (location, suspendData) {
    if (this.readOnly()) { return true; }
    var a = this.set('cmi.core.lesson_location', location);
    var b = this.set('cmi.suspend_data', suspendData);
    return a && b;
  };
  Scorm12.prototype.setResult = function (status, score) {
    if (this.readOnly()) { return true; }
    var ok = true;
    if (score) {
      // Moodle reads raw on a 0-100 scale (lms-platform-facts.md, item 7).
      ok = this.set('cmi.core.score.min', score.min) && ok;
      ok = this.set('cmi.core.score.max', score.max) && ok;
      ok = this.set('cmi.core.score.raw', score.raw) && ok;
    }
    return this.set('cmi.core.lesson_status', status) && ok;
  };
  Scorm12.prototype.recordInteraction = function (n, it) {
    if (this.readOnly()) { return true; }
    var p = 'cmi.interactions.' + n + '.', ok = true, self = this;
    function set(el, v) { ok = self.set(p + el, v) && ok; }
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
      // 1.2 holds 255 characters of a response on one line (LMSs and scorm-again
      // refuse line breaks there); the full text is kept in suspend_data.
      response = truncate(String(it.response).replace(/\s*[\r\n]+\s*/g, ' '), 255);
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
  Scorm12.prototype.commit = function () {
    if (this.readOnly()) { return true; }
    return this.ok(this.call('LMSCommit', ''), 'LMSCommit');
  };
  Scorm12.prototype.finish = function (exit, sessionSeconds) {
    if (this.finished) { return true; }
    if (!this.readOnly()) {
      this.set('cmi.core.exit', exit);
      this.set('cmi.core.session_time', timespan(sessionSeconds));
    }
    var ok = this.ok(this.call('LMSFinish', ''), 'LMSFinish');
    this.finished = true;
    return ok;
  };

  adapters.scorm12 = { connect: function () {
    var api = findApi();
    return api ? new Scorm12(api) : null;
  } };
}());
