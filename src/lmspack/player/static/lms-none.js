/* lmspack player: the adapter used when no LMS is found.
 *
 * Every adapter (see lms-scorm12.js) is an object with:
 *   recording        true when an LMS is storing what the learner does
 *   start()          -> {location, suspendData, status, interactionCount}
 *   save(location, suspendData)           -> true | false
 *   setResult(status, score)              status: incomplete|completed|passed|failed;
 *                                          score: {raw, min, max} or null
 *   recordInteraction(index, interaction) -> true | false
 *   commit()         -> true | false
 *   finish(exit, sessionSeconds)          exit: "suspend" or ""; called at most once
 *   lastError        text of the last refused call, or ""
 * Adapters register themselves on window.LmspackAdapters by run-time name.
 */
(function () {
  'use strict';
  var adapters = window.LmspackAdapters = window.LmspackAdapters || {};

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
             status: '', interactionCount: 0 };
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
