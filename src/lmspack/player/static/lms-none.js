/* lmspack player: the adapter used when no LMS is found.
 *
 * Every adapter (see lms-scorm12.js) is an object with:
 *   recording        true when an LMS is storing what the learner does
 *   start()          -> {location, suspendData, status, interactionCount, learnerName},
 *                       or null if the LMS refused to start (lastError says why)
 *   save(location, suspendData)           -> true | false
 *   setResult(status, score, progress)    status: incomplete|completed|passed|failed;
 *                                          score: {raw, min, max} or null; progress 0-1
 *   recordInteraction(index, interaction) -> true | false; interaction: {id, type
 *                       (long-fill-in|likert|choice|true-false), description, response
 *                       (text, or option indexes), options (option ids), correct (indexes),
 *                       result (correct|incorrect|neutral), timestamp, latencySeconds}
 *   commit()         -> true | false
 *   finish(exit, sessionSeconds)          exit: "suspend" or ""; called at most once
 *   lastError        text of the last refused call, or ""
 * Adapters register themselves on window.LmspackAdapters by run-time name, and
 * share the helpers in LmspackAdapters.util (this file is always loaded first).
 */
(function () {
  'use strict';
  var adapters = window.LmspackAdapters = window.LmspackAdapters || {};

  // Both SCORM run-times: look in each parent frame, then in the opener and its
  // parents (SCORM 1.2 RTE 3.3.6.1, SCORM 2004 RTE 3.1.3; NHS Learning Hub launches
  // packages in a pop-up window).
  function search(win, name) {
    for (var hops = 0; win && hops < 500; hops += 1) {
      try { if (win[name]) { return win[name]; } } catch (e) { /* another origin */ }
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) { break; }
      win = parent;
    }
    return null;
  }
  function findApi(name) {
    var api = search(window, name);
    // A pop-up's own frames have no opener: ask the pop-up's top window too.
    [function () { return window.opener; }, function () { return window.top.opener; }]
      .forEach(function (opener) {
        try { if (!api && opener()) { api = search(opener(), name); } } catch (e) { /* cross-origin */ }
      });
    return api;
  }
  function pad(n, width) { n = String(n); while (n.length < width) { n = '0' + n; } return n; }
  function truncate(text, max) {
    if (text.length <= max) { return text; }
    var cut = text.slice(0, max), last = cut.charCodeAt(cut.length - 1);
    return last >= 0xD800 && last <= 0xDBFF ? cut.slice(0, -1) : cut; // keep pairs whole
  }

  // Calls on a SCORM API object, by the run-time's own function names: `names`
  // maps init, get, set, commit, finish, error and errorText to them.
  function Connection(api, names) {
    this.api = api;
    this.names = names;
    this.lastError = '';
    this.finished = false;
  }
  Connection.prototype.call = function (fn, a, b) {
    if (this.finished) { return 'false'; }
    try {
      var f = this.names[fn];
      return String(b === undefined ? this.api[f](a) : this.api[f](a, b));
    } catch (e) {
      this.lastError = this.names[fn] + ': ' + e.message;
      return 'false';
    }
  };
  // true, or false with lastError saying what was refused and the LMS's reason.
  Connection.prototype.ok = function (result, what) {
    if (result === 'true') { return true; }
    var code = '', text = '';
    try { code = String(this.call('error')); } catch (e) { code = '?'; }
    try { text = String(this.call('errorText', code)); } catch (e) { text = ''; }
    this.lastError = what + ' was refused (error ' + code + (text && text !== 'false' ? ': ' + text : '') + ')';
    return false;
  };
  Connection.prototype.get = function (el) { return this.call('get', el); };
  Connection.prototype.set = function (el, value) {
    return this.ok(this.call('set', el, String(value)), el);
  };
  Connection.prototype.run = function (fn) { return this.ok(this.call(fn, ''), this.names[fn]); };

  // Interaction responses and descriptions on one line, at most `max` long: LMSs
  // refuse line breaks there (the patterns in Moodle's mod/scorm/datamodels/scorm_13.js
  // and in scorm-again match '.', which excludes them). The full text, line breaks
  // and all, is kept in suspend data.
  function oneLine(text, max) {
    return truncate(String(text).replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '), max);
  }

  // What both SCORM adapters do the same way. Each constructor sets this.lms (a
  // Connection) and this.mode at start(), and has beforeFinish(exit, seconds).
  function scormAdapter(Adapter) {
    var p = Adapter.prototype;
    Object.defineProperty(p, 'lastError', { get: function () { return this.lms.lastError; } });
    p.recording = true;
    p.readOnly = function () { return this.mode === 'review' || this.mode === 'browse'; };
    p.commit = function () { return this.readOnly() || this.lms.run('commit'); };
    p.finish = function (exit, sessionSeconds) {
      if (this.lms.finished) { return true; }
      if (!this.readOnly()) { this.beforeFinish(exit, sessionSeconds); }
      var ok = this.lms.run('finish');
      this.lms.finished = true;
      return ok;
    };
  }

  adapters.util = { findApi: findApi, pad: pad, truncate: truncate, oneLine: oneLine,
                    Connection: Connection, scormAdapter: scormAdapter };

  function NoLms(key, remember) {
    this.name = 'none';
    this.recording = false;
    this.lastError = '';
    this.key = key;
    this.remember = remember;
  }
  // The learner's answers stay in this browser only (localStorage where allowed),
  // so a page opened from disk can still be worked through and resumed. Not when
  // an LMS was found but refused to start: its learner's answers belong there.
  NoLms.prototype.storage = function () {
    if (!this.remember) { return null; }
    try { return window.localStorage; } catch (e) { return null; }
  };
  NoLms.prototype.start = function () {
    var stored = null, s = this.storage();
    try { stored = s && JSON.parse(s.getItem(this.key) || 'null'); } catch (e) { stored = null; }
    stored = stored || {};
    return { location: stored.location || '', suspendData: stored.suspendData || '',
             status: '', interactionCount: 0, learnerName: '' };
  };
  NoLms.prototype.save = function (location, suspendData) {
    var s = this.storage();
    try {
      if (s) { s.setItem(this.key, JSON.stringify({ location: location, suspendData: suspendData })); }
    } catch (e) { /* storage full or blocked: nothing to record anyway */ }
    return true;
  };
  NoLms.prototype.setResult = function () { return true; };
  NoLms.prototype.recordInteraction = function () { return true; };
  NoLms.prototype.commit = function () { return true; };
  NoLms.prototype.finish = function () { return true; };

  adapters.none = { connect: function (course, options) {
    return new NoLms('lmspack:' + course.id + ':' + course.version,
                     !options || options.remember !== false);
  } };
}());
