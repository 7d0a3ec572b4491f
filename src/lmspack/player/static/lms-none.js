/* lmspack player: the session when no LMS records (the contract: session.js). The
 * state stays in this browser's localStorage where allowed, so a page opened from
 * disk can still be worked through and resumed.
 */
(function (ns) {
  'use strict';
  var ok = () => (ns.session || require('./session.js').session).outcome(true);

  function connect(course, options) {
    options = options || {};
    var key = 'lmspack:' + course.id + ':' + course.version, codec = options.codec;
    var remember = options.remember !== false, storage = options.storage || (() => window.localStorage);
    function store() {
      if (!remember) { return null; }
      try { return storage(); } catch (e) { return null; }
    }
    return {
      name: 'none', recording: false, remember: remember,
      start: () => {
        var stored = null, s = store();
        try { stored = s && JSON.parse(s.getItem(key) || 'null'); } catch (e) { stored = null; }
        stored = stored || {};
        return Promise.resolve({ location: stored.location || '', status: '', learnerName: '',
                                 state: codec.decode(stored.suspendData || '').state });
      },
      save: (location, state) => {
        var s = store();
        try {
          if (s) { s.setItem(key, JSON.stringify({ location: location, suspendData: codec.encode(state) })); }
        } catch (e) { /* storage full or blocked: nothing records anyway */ }
        return ok();
      },
      recordAnswer: ok, reportOutcome: ok, commit: ok, finish: ok,
    };
  }

  (ns.adapters = ns.adapters || {}).none = { connect: connect };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
