/* lmspack player: what the SCORM 1.2 and SCORM 2004 sessions share (the contract
 * is in session.js): finding the API object, calling it, and the interaction
 * bookkeeping. Each run-time's file gives a `runtime` object: names (its API's
 * function names), el (its elements for location, suspend data, mode, entry and
 * interaction count), status(lms), learnerName element, writeOutcome(lms,
 * outcome), writeAnswer(lms, prefix, answer) and beforeFinish(lms, end).
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = factory(node ? require('./session.js') : root.lmspack.session);
  if (node) { module.exports = api; } else { root.lmspack.scorm = api; }
}(this, function (session) {
  'use strict';

  // Look in each parent frame, then in the opener and its parents (SCORM 1.2 RTE
  // 3.3.6.1, SCORM 2004 RTE 3.1.3; NHS Learning Hub launches packages in a pop-up).
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
  function findApi(win, name) {
    var api = search(win, name);
    // A pop-up's own frames have no opener: ask the pop-up's top window too.
    [function () { return win.opener; }, function () { return win.top.opener; }]
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
  // Interaction responses and descriptions on one line, at most `max` long: LMSs
  // refuse line breaks there (the patterns in Moodle's mod/scorm/datamodels/scorm_13.js
  // and in scorm-again match '.', which excludes them). The full text, line breaks
  // and all, is kept in suspend data.
  function oneLine(text, max) {
    return truncate(String(text).replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '), max);
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

  function Scorm(api, course, codec, runtime) {
    this.name = runtime.name;
    this.recording = true;
    this.lms = new Connection(api, runtime.names);
    this.course = course;
    this.codec = codec;
    this.runtime = runtime;
    this.ix = {};          // answer id -> its cmi.interactions index
    this.nextIndex = 0;    // the next free one
  }
  Scorm.prototype.done = function (ok) { return session.outcome(ok, this.lms.lastError); };
  Scorm.prototype.readOnly = function () { return this.mode === 'review' || this.mode === 'browse'; };
  // Nothing to write: the LMS shows a past attempt, or the session has ended.
  Scorm.prototype.idle = function () { return this.readOnly() || this.lms.finished; };
  Scorm.prototype.start = function () {
    var lms = this.lms, el = this.runtime.el;
    if (!lms.run('init')) { return this.done(false); }
    this.mode = lms.get(el.mode);
    // SCORM 2004 sends 'resume' after a suspend; Moodle also sends '' for an attempt
    // it kept, with its data.
    var fresh = lms.get(el.entry) === 'ab-initio';
    var saved = this.codec.decode(fresh ? '' : lms.get(el.suspendData));
    this.runtime.started(this);
    // Interaction indexes run on from cmi.interactions._count. An LMS may keep the
    // earlier session's interactions (Moodle does) or start empty: overwrite the ones
    // it still holds (their indexes are kept in the suspend data, as SCORM 1.2 cannot
    // read an interaction's id back), and append anything else.
    var count = parseInt(lms.get(el.interactionCount), 10);
    this.nextIndex = isNaN(count) ? 0 : count;
    var ix = saved.memo.ix || {}, self = this;
    Object.keys(ix).forEach(function (id) { if (ix[id] < self.nextIndex) { self.ix[id] = ix[id]; } });
    return Promise.resolve({
      location: fresh ? '' : lms.get(el.location),
      state: saved.state,
      status: this.runtime.status(lms),
      learnerName: lms.get(el.learnerName),
    });
  };
  Scorm.prototype.save = function (location, state) {
    if (this.idle()) { return this.done(true); }
    var a = this.lms.set(this.runtime.el.location, this.runtime.location(location));
    var b = this.lms.set(this.runtime.el.suspendData, this.codec.encode(state, { ix: this.ix }));
    return this.done(a && b);
  };
  Scorm.prototype.reportOutcome = function (out) {
    if (this.idle()) { return this.done(true); }
    return this.done(this.runtime.writeOutcome(this, out));
  };
  Scorm.prototype.recordAnswer = function (answer) {
    if (this.idle()) { return this.done(true); }
    var n = this.ix[answer.id];
    if (typeof n !== 'number') {
      n = this.nextIndex;
      this.nextIndex += 1;
      this.ix[answer.id] = n;
    }
    return this.done(this.runtime.writeAnswer(this, 'cmi.interactions.' + n + '.', answer));
  };
  Scorm.prototype.commit = function () { return this.done(this.idle() || this.lms.run('commit')); };
  Scorm.prototype.finish = function (end) {
    if (this.lms.finished) { return this.done(true); }
    if (!this.readOnly()) { this.runtime.beforeFinish(this, end); }
    var ok = this.lms.run('finish');
    this.lms.finished = true;
    return this.done(ok);
  };
  // Sets on the LMS, each tried even after one is refused: ok when all were accepted.
  Scorm.prototype.setAll = function (pairs) {
    var ok = true, lms = this.lms;
    pairs.forEach(function (p) { ok = lms.set(p[0], p[1]) && ok; });
    return ok;
  };

  // The adapter of one run-time: sessions on the API object `apiName`.
  function adapter(runtime) {
    return { connect: function (course, options) {
      options = options || {};
      var api = findApi(options.win || window, runtime.apiName);
      return api ? new Scorm(api, course, options.codec, runtime) : null;
    } };
  }

  return { adapter: adapter, findApi: findApi, pad: pad, truncate: truncate, oneLine: oneLine,
           Connection: Connection };
}));
