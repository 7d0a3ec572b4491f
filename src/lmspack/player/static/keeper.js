/* lmspack player: when the learner's progress goes to the session, and what is
 * reported (docs/player.md, "When it is saved"): saved after each change, committed
 * after a meaningful action, at most once per action; status never steps back; an
 * answer is recorded again only when it changed.
 */
(function (ns) {
  'use strict';
  var rules = ns.rules || require('./rules.js').rules;
  var KEEP_ALIVE = 5 * 60 * 1000, KEEP_ALIVE_FOR = 4 * 3600 * 1000;

  var isoDay = (d) => [d.getFullYear(), d.getMonth() + 1, d.getDate()]
    .map((n) => String(n).padStart(2, '0')).join('-');

  // options: course, session, state (changed in place by the views), statusAtStart,
  // onError(message) and onRecovered() (the LMS refused a call, then accepted one),
  // onShortened() (the answers the LMS keeps shortened changed: shortened()),
  // now (a clock, for tests).
  function create(options) {
    var course = options.course, session = options.session, state = options.state;
    var now = options.now || Date.now, statusAtStart = options.statusAtStart || '';
    var startedAt = now(), pageShownAt = now(), lastCommitAt = now();
    var reported = null;     // status, score and progress last sent, as one key
    var recorded = {};       // answer id -> the response last recorded, as one key
    var shortened = {};      // answer id -> the LMS took only a shortened response
    var unsaved = false, uncommitted = false, ended = false, failing = false;
    var doneAtStart = () => rules.isDone(statusAtStart);

    // A session call as a promise of true or false, raising or clearing the notice
    // while an LMS records.
    function watch(promise, onFailure) {
      var live = session.recording && !ended;
      return promise.then(() => {
        if (live && failing) { failing = false; options.onRecovered(); }
        return true;
      }, (err) => {
        if (onFailure) { onFailure(); }
        if (live) { failing = true; options.onError(err.message); }
        return false;
      });
    }

    function save() {
      if (ended) { return; }
      watch(session.save(state.page, state));
      unsaved = false;
      uncommitted = true;
    }

    function commit() {
      if (ended) { return; }
      if (unsaved) { save(); }
      if (!uncommitted) { return; }
      uncommitted = false;
      watch(session.commit(), () => { uncommitted = true; });  // retried next time
      lastCommitAt = now();
    }

    function record(answer) {
      var key = JSON.stringify([answer.response, answer.result]);
      if (recorded[answer.id] === key) { return; }
      answer.timestamp = new Date(now());
      answer.latencySeconds = (now() - pageShownAt) / 1000;
      recorded[answer.id] = key;
      var sent = session.recordAnswer(answer);
      sent.then((r) => {
        var was = !!shortened[answer.id];
        shortened[answer.id] = !!(r && r.shortened);
        if (was !== shortened[answer.id] && options.onShortened) { options.onShortened(); }
      }, () => {});
      watch(sent, () => { if (recorded[answer.id] === key) { delete recorded[answer.id]; } });
      unsaved = true;  // the session may keep the answer's index in the saved state
    }

    function recordReflections() {
      course.reflections.forEach((r) => {
        var text = (state.reflections[r.id] || '').trim();
        if (text) {
          record({ id: r.interaction, type: 'long-fill-in', description: r.prompt, response: text,
                   result: 'neutral' });
        }
      });
      var c = course.confidence;
      if (c && state.confidence !== null) {
        record({ id: c.interaction, type: 'likert', description: c.prompt,
                 response: String(state.confidence), result: 'neutral' });
      }
    }

    function recordAnswers() {
      course.questions.forEach((q) => {
        record({ id: q.interaction, type: q.type === 'true-false' ? 'true-false' : 'choice',
                 description: q.question, response: state.answers[q.id] || [],
                 options: q.options.map((o) => o.id), correct: rules.correctIndexes(q),
                 result: rules.isCorrect(q, state) ? 'correct' : 'incorrect' });
      });
    }

    function report() {
      var out = rules.outcome(course, state), final = out.status !== 'incomplete';
        // The day of completion, for the record (unknown if done before the player kept it).
      if (rules.isDone(out.status) && !state.doneOn && !doneAtStart()) {
        state.doneOn = isoDay(new Date(now()));
        unsaved = true;
      }
      // No step back: nothing below a pass held at launch, and not incomplete again
      // while the learner retries a finished check.
      if (doneAtStart() && !rules.isDone(out.status)) { return out; }
      if (!final && (reported && reported.indexOf('incomplete') !== 0 || statusAtStart === 'failed')) {
        return out;
      }
      var score = final ? { raw: out.score.percent, min: 0, max: 100 } : null;
      var done = final ? 1 : rules.progress(course, state);
      var key = [out.status, score ? score.raw : '', done].join(' ');
      if (key !== reported) {  // a retry may change the score and not the status
        var before = reported;
        reported = key;
        watch(session.reportOutcome({ status: out.status, score: score, progress: done }),
              () => { if (reported === key) { reported = before; } });
        uncommitted = true;
      }
      return out;
    }

    // Before the page is hidden: what is typed, the outcome and the state.
    function flush() {
      if (ended) { return; }
      if (state.page !== 'reflect') { recordReflections(); }
      report();
      save();
    }

    // Ends the session: a promise of whether the LMS confirmed it.
    function finish() {
      if (ended) { return Promise.resolve(true); }
      recordReflections();
      var out = report();
      save();
      var confirmed = watch(session.finish({ suspend: !rules.isDone(out.status),
                                             sessionSeconds: (now() - startedAt) / 1000 }));
      ended = true;
      return confirmed;
    }

    // Every minute: while the recording is open (perhaps 90 minutes in another tab),
    // commit now and then so the LMS session does not expire.
    function keepAlive() {
      if (!ended && session.recording && state.page === 'recording' &&
          now() - lastCommitAt > KEEP_ALIVE && now() - startedAt < KEEP_ALIVE_FOR) {
        uncommitted = true;
        commit();
      }
    }

    // Saved after a second's pause; with andCommit, committed after 20 seconds
    // without typing too, as a commit made while the page closes may be dropped.
    var saveTimer = null, commitTimer = null;
    function saveSoon(andCommit) {
      unsaved = true;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => { if (unsaved) { save(); } }, 1000);
      if (andCommit) {
        clearTimeout(commitTimer);
        commitTimer = setTimeout(commit, 20 * 1000);
      }
    }

    return {
      state: state, saveSoon: saveSoon, save: save, commit: commit, report: report, flush: flush,
      finish: finish,
      recordReflections: recordReflections, recordAnswers: recordAnswers, keepAlive: keepAlive,
      doneAtStart: doneAtStart,
      changed: () => { unsaved = true; },
      isUnsaved: () => unsaved,
      isEnded: () => ended,
      // The ids of answers the LMS keeps shortened (the state keeps them whole).
      shortened: () => Object.keys(shortened).filter((id) => shortened[id]),
      shown: () => { pageShownAt = now(); },
    };
  }

  ns.keeper = { create: create, isoDay: isoDay };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
