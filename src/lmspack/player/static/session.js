/* lmspack player: the session with the learning platform, whatever its run-time.
 *
 * The player talks to the LMS only through a session. One adapter per run-time
 * makes sessions: lms-none.js (no LMS: this browser's storage), lms-scorm12.js and
 * lms-scorm2004.js (with lms-scorm.js, what the two SCORM ones share). An adapter
 * registers on lmspack.adapters[runtime] as {connect(course, options)}, which
 * returns a session, or null when its LMS cannot be found. options: codec (the
 * course's state.js codec: the session stores the state in its own form), win (the
 * window to look for an LMS from).
 *
 * A session:
 *   recording              true when an LMS is storing what the learner does
 *   start()                -> Promise of {location, state, status, learnerName}:
 *                             status as rules.js counts it (passed, completed, failed,
 *                             incomplete, or ''); state decoded by the codec.
 *   save(location, state)  -> Promise: keep the learner's place and whole state
 *   recordAnswer(answer)   -> Promise: keep one answer. answer: {id, type (long-fill-in,
 *                             likert, choice, true-false), description, response (text,
 *                             or option indexes), options (option ids), correct
 *                             (indexes), result (correct, incorrect, neutral),
 *                             timestamp (Date), latencySeconds}. The same id again
 *                             replaces that answer: where it goes (cmi.interactions.n,
 *                             and which n) is the session's business.
 *   reportOutcome(outcome) -> Promise. outcome: {status (incomplete, completed, passed,
 *                             failed), score ({raw, min, max}, or null), progress (0-1)}
 *   commit()               -> Promise: send what was kept to the LMS's server
 *   finish(end)            -> Promise: end the session; end: {suspend (the learner
 *                             will come back), sessionSeconds}. Called at most once;
 *                             every call after it resolves without doing anything.
 * Each promise resolves (with nothing) when the LMS accepted the call and rejects
 * with an Error saying what it refused and why; start() rejects when the LMS
 * refused to start, and the player then carries on with lms-none.js.
 *
 * The contract on time: a session makes its LMS calls, or starts its requests,
 * synchronously inside the call, and the promise only reports the outcome. The
 * player ends the session on pagehide, after which a page may run nothing more
 * (Moodle forbids unload handlers, and browsers drop work left for later), so
 * nothing may wait for a promise before it reaches the LMS. SCORM's API object is
 * synchronous: save, recordAnswer and reportOutcome set values in the LMS's page,
 * commit sends them. A run-time that talks to its server asynchronously (an xAPI
 * adapter: statements and the State API to a learning record store, by fetch)
 * fits the same contract: save, recordAnswer and reportOutcome queue documents and
 * statements in the page; commit starts the fetch that sends them (keepalive: true,
 * so it outlives the page) and resolves when the LRS answers; finish starts its
 * requests, also with keepalive, before it returns. Calls resolve in the order
 * they were made.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else {
    var ns = root.lmspack = root.lmspack || {};
    ns.adapters = ns.adapters || {};
    ns.session = api;
  }
}(this, function () {
  'use strict';

  // The promise a session returns for a call the LMS accepted (ok) or refused.
  function outcome(ok, reason) {
    return ok ? Promise.resolve() : Promise.reject(new Error(reason || 'refused'));
  }

  // The session of the course's run-time, started; or, when there is no such LMS or
  // it refused to start, this browser's (lms-none.js). Resolves with {session,
  // resume (what start() gave), refused (why the LMS refused to start, or '')}.
  // Not remembered in this browser when an LMS refused: its learner's answers
  // belong there.
  function open(course, codec, adapters, win) {
    var named = adapters[course.runtime];
    var session = named ? named.connect(course, { codec: codec, win: win }) : null;
    var started = session ? session.start() : Promise.reject(null);
    return started.then(function (resume) {
      return { session: session, resume: resume, refused: '' };
    }, function (err) {
      var refused = session && err ? err.message : '';
      var none = adapters.none.connect(course, { codec: codec, remember: !refused });
      return none.start().then(function (resume) {
        return { session: none, resume: resume, refused: refused };
      });
    });
  }

  return { open: open, outcome: outcome };
}));
