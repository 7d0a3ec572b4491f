/* lmspack player: the session when no LMS records the learner (the contract is in
 * session.js). The learner's answers stay in this browser only (localStorage where
 * allowed), so a page opened from disk can still be worked through and resumed.
 */
(function (root, factory) {
  'use strict';
  var api = factory(typeof module === 'object' && module.exports ? require('./session.js')
    : root.lmspack.session);
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { root.lmspack.adapters.none = api; }
}(this, function (session) {
  'use strict';

  function NoLms(key, codec, remember, storage) {
    this.name = 'none';
    this.recording = false;
    this.key = key;
    this.codec = codec;
    this.remember = remember;
    this.storage = storage;
  }
  NoLms.prototype.store = function () {
    if (!this.remember) { return null; }
    try { return this.storage(); } catch (e) { return null; }
  };
  NoLms.prototype.start = function () {
    var stored = null, s = this.store();
    try { stored = s && JSON.parse(s.getItem(this.key) || 'null'); } catch (e) { stored = null; }
    stored = stored || {};
    return Promise.resolve({ location: stored.location || '',
                             state: this.codec.decode(stored.suspendData || '').state,
                             status: '', learnerName: '' });
  };
  NoLms.prototype.save = function (location, state) {
    var s = this.store();
    try {
      if (s) {
        s.setItem(this.key, JSON.stringify({ location: location,
                                             suspendData: this.codec.encode(state) }));
      }
    } catch (e) { /* storage full or blocked: nothing to record anyway */ }
    return session.outcome(true);
  };
  NoLms.prototype.recordAnswer = function () { return session.outcome(true); };
  NoLms.prototype.reportOutcome = function () { return session.outcome(true); };
  NoLms.prototype.commit = function () { return session.outcome(true); };
  NoLms.prototype.finish = function () { return session.outcome(true); };

  return { connect: function (course, options) {
    options = options || {};
    return new NoLms('lmspack:' + course.id + ':' + course.version, options.codec,
                     options.remember !== false,
                     options.storage || function () { return window.localStorage; });
  } };
}));
