/* lmspack player: what the SCORM 1.2 and 2004 sessions share (the contract:
 * session.js): finding the API object, calling it, interaction indexes. A run-time
 * file passes adapter() its names (API functions), el (elements), started(s),
 * location(page), status(lms), writeOutcome(s, out), writeAnswer(s, prefix, answer)
 * and beforeFinish(s, end).
 */
(function (ns) {
  'use strict';
  var session = ns.session || require('./session.js').session;
  var state = ns.state || require('./state.js').state;

  // Each parent, then the opener's (SCORM 1.2 RTE 3.3.6.1, 2004 RTE 3.1.3; Learning
  // Hub opens a pop-up, whose frames have no opener: the top window's is asked).
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
    [() => win.opener, () => win.top.opener].forEach((opener) => {
      try { if (!api && opener()) { api = search(opener(), name); } } catch (e) { /* another origin */ }
    });
    return api;
  }

  var pad = (n, width) => String(n).padStart(width, '0');
  var truncate = (text, max) => (text.length <= max ? text : state.cut(text, max));
  // One line, at most `max` long: LMSs refuse line breaks in interactions (Moodle's
  // and scorm-again's patterns match '.'); suspend data keeps the full text.
  var oneLine = (text, max) => {
    var line = String(text).replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
    return max ? truncate(line, max) : line;
  };
  // At most `max` long, marked as shortened: whole words and an ellipsis.
  function shortened(text, max) {
    if (text.length <= max) { return text; }
    var head = state.cut(text, max - 1);
    if (!/\s/.test(text.charAt(head.length))) {
      var space = head.search(/\s\S*$/);
      if (space > 0) { head = head.slice(0, space); }
    }
    return head.replace(/\s+$/, '') + '\u2026';
  }
  // Hours, minutes and seconds (to the hundredth) of a duration.
  function hms(seconds) {
    var cs = Math.round(seconds * 100);
    return [Math.floor(cs / 360000), Math.floor(cs / 6000) % 60, (cs % 6000) / 100];
  }

  // Calls on the API object by the run-time's function names (init, get, set,
  // commit, finish, error, errorText); lastError says what was refused and why.
  function connection(api, names) {
    var lms = { lastError: '', finished: false };
    lms.call = (fn, a, b) => {
      if (lms.finished) { return 'false'; }
      try { return String(b === undefined ? api[names[fn]](a) : api[names[fn]](a, b)); }
      catch (e) { lms.lastError = names[fn] + ': ' + e.message; return 'false'; }
    };
    lms.ok = (result, what) => {
      if (result === 'true') { return true; }
      var code = lms.call('error'), text = lms.call('errorText', code);
      lms.lastError = what + ' was refused (error ' + code + (text && text !== 'false' ? ': ' + text : '') + ')';
      return false;
    };
    lms.get = (el) => lms.call('get', el);
    lms.set = (el, value) => lms.ok(lms.call('set', el, String(value)), el);
    lms.run = (fn) => lms.ok(lms.call(fn, ''), names[fn]);
    return lms;
  }

  function Scorm(api, course, codec, runtime) {
    this.name = runtime.name;
    this.recording = true;
    this.lms = connection(api, runtime.names);
    this.course = course;
    this.codec = codec;
    this.runtime = runtime;
    this.ix = {};        // answer id -> its cmi.interactions index
    this.nextIndex = 0;
    this.shortened = {}; // answer id -> true when the LMS took only a shortened response
  }
  var S = Scorm.prototype;
  S.done = function (ok) { return session.outcome(ok, this.lms.lastError); };
  S.readOnly = function () { return this.mode === 'review' || this.mode === 'browse'; };
  // Nothing to write: the LMS shows a past attempt, or the session has ended.
  S.idle = function () { return this.readOnly() || this.lms.finished; };
  S.start = function () {
    var lms = this.lms, el = this.runtime.el;
    if (!lms.run('init')) { return this.done(false); }
    this.mode = lms.get(el.mode);
    // 2004 sends 'resume' after a suspend; Moodle also '' for an attempt it kept.
    var fresh = lms.get(el.entry) === 'ab-initio';
    var saved = this.codec.decode(fresh ? '' : lms.get(el.suspendData));
    this.runtime.started(this);
    // Indexes run on from _count, overwriting what the LMS still holds (Moodle keeps
    // the last session's; SCORM 1.2 cannot read an id back, so the suspend data keeps
    // each answer's index).
    var count = parseInt(lms.get(el.interactionCount), 10), ix = saved.memo.ix || {};
    this.nextIndex = isNaN(count) ? 0 : count;
    Object.keys(ix).forEach((id) => { if (ix[id] < this.nextIndex) { this.ix[id] = ix[id]; } });
    return Promise.resolve({ location: fresh ? '' : lms.get(el.location), state: saved.state,
                             status: this.runtime.status(lms), learnerName: lms.get(el.learnerName) });
  };
  S.save = function (location, st) {
    if (this.idle()) { return this.done(true); }
    var el = this.runtime.el;
    var a = this.lms.set(el.location, this.runtime.location(location));
    var b = this.lms.set(el.suspendData, this.codec.encode(st, { ix: this.ix }));
    return this.done(a && b);
  };
  S.reportOutcome = function (out) {
    return this.done(this.idle() || this.runtime.writeOutcome(this, out));
  };
  S.recordAnswer = function (answer) {
    if (this.idle()) { return this.done(true); }
    if (typeof this.ix[answer.id] !== 'number') { this.ix[answer.id] = this.nextIndex++; }
    var ok = this.runtime.writeAnswer(this, 'cmi.interactions.' + this.ix[answer.id] + '.', answer);
    var cut = !!this.shortened[answer.id];
    return this.done(ok).then(() => ({ shortened: cut }));
  };
  S.commit = function () { return this.done(this.idle() || this.lms.run('commit')); };
  S.finish = function (end) {
    if (this.lms.finished) { return this.done(true); }
    if (!this.readOnly()) { this.runtime.beforeFinish(this, end); }
    var ok = this.lms.run('finish');
    this.lms.finished = true;
    return this.done(ok);
  };
  // Every pair set, even after one is refused: true when all were accepted.
  S.setAll = function (pairs) { return pairs.map((p) => this.lms.set(p[0], p[1])).every(Boolean); };

  function adapter(runtime) {
    return { connect: (course, options) => {
      options = options || {};
      var api = findApi(options.win || window, runtime.apiName);
      return api ? new Scorm(api, course, options.codec, runtime) : null;
    } };
  }

  ns.scorm = { adapter: adapter, pad: pad, truncate: truncate, oneLine: oneLine, shortened: shortened, hms: hms };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
