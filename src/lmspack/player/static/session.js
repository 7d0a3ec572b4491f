/* lmspack player: opens the session with the LMS. Each run-time's adapter registers
 * on lmspack.adapters as {connect(course, {codec, win})}: a session, or null. The
 * session contract is in docs/player.md ("The session").
 */
(function (ns) {
  'use strict';

  // The promise a session returns for a call the LMS accepted (ok) or refused.
  var outcome = (ok, reason) => (ok ? Promise.resolve() : Promise.reject(new Error(reason || 'refused')));

  // The run-time's session, started; or this browser's (lms-none.js) when there is no
  // such LMS or it refused to start, and then not remembered here, as the answers
  // belong to that LMS. Resolves with {session, resume, refused (the LMS's reason)}.
  function open(course, codec, adapters, win) {
    var named = adapters[course.runtime];
    var session = named ? named.connect(course, { codec: codec, win: win }) : null;
    return (session ? session.start() : Promise.reject(null)).then(
      (resume) => ({ session: session, resume: resume, refused: '' }),
      (err) => {
        var refused = session && err ? err.message : '';
        var none = adapters.none.connect(course, { codec: codec, remember: !refused });
        return none.start().then((resume) => ({ session: none, resume: resume, refused: refused }));
      });
  }

  ns.session = { open: open, outcome: outcome };
  ns.adapters = ns.adapters || {};
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
