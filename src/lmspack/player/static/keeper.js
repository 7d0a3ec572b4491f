/* lmspack player: the keeper of the learner's progress: when it goes to the session, and
 * what is reported. No page here: the views call it after the learner acts.
 *
 * The rules of the house: the state is saved to the session (in the page, no
 * network for SCORM) after each change; it is committed (sent to the LMS's server)
 * only after a meaningful action, at most once per action, when the page is hidden,
 * and now and then while the recording is open; status never steps back; an
 * answer is recorded again only when it changed.
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = factory(node ? require('./rules.js') : root.lmspack.rules);
  if (node) { module.exports = api; } else { root.lmspack.keeper = api; }
}(this, function (rules) {
  'use strict';

  var KEEP_ALIVE = 5 * 60 * 1000;     // commit this often while the recording is open,
  var KEEP_ALIVE_FOR = 4 * 3600 * 1000; // for the first four hours of a session

  function isoDay(d) {
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }

  // options: course, session, state (the learner's, changed in place by the views),
  // statusAtStart (resume.status), onError(message) and onRecovered() (the LMS
  // refused a call, and then accepted one again), now (a clock, for tests).
  function create(options) {
    var course = options.course, session = options.session, state = options.state;
    var now = options.now || Date.now;
    var statusAtStart = options.statusAtStart || '';
    var startedAt = now(), pageShownAt = now(), lastCommitAt = now();
    var reported = null;     // the last status, score and progress sent, as one key
    var recorded = {};       // answer id -> the response last recorded, as one key
    var unsaved = false;     // state changed since the last save()
    var uncommitted = false; // saved to the session but not yet committed
    var ended = false;
    var failing = false;     // the LMS refused the last call

    // The outcome of a session call as a promise of true or false, and the error
    // notice raised or cleared by it, unless no LMS records or the session had
    // already ended when the call was made.
    function watch(promise, onFailure) {
      var live = session.recording && !ended;
      return promise.then(function () {
        if (live && failing) { failing = false; options.onRecovered(); }
        return true;
      }, function (err) {
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
      watch(session.commit(), function () { uncommitted = true; });  // retried next time
      lastCommitAt = now();
    }

    function record(answer) {
      var key = JSON.stringify([answer.response, answer.result]);
      if (recorded[answer.id] === key) { return; }
      answer.timestamp = new Date(now());
      answer.latencySeconds = (now() - pageShownAt) / 1000;
      recorded[answer.id] = key;
      watch(session.recordAnswer(answer), function () {
        if (recorded[answer.id] === key) { delete recorded[answer.id]; }
      });
      unsaved = true;  // the session may keep where it put the answer in the saved state
    }

    function recordReflections() {
      course.reflections.forEach(function (r) {
        var text = (state.reflections[r.id] || '').trim();
        if (text) {
          record({ id: r.interaction, type: 'long-fill-in', description: r.prompt,
                   response: text, result: 'neutral' });
        }
      });
      if (course.confidence && state.confidence !== null) {
        record({ id: course.confidence.interaction, type: 'likert',
                 description: course.confidence.prompt, response: String(state.confidence),
                 result: 'neutral' });
      }
    }

    function recordAnswers() {
      course.questions.forEach(function (q) {
        record({ id: q.interaction, type: q.type === 'true-false' ? 'true-false' : 'choice',
                 description: q.question, response: state.answers[q.id] || [],
                 options: q.options.map(function (o) { return o.id; }),
                 correct: rules.correctIndexes(q),
                 result: rules.isCorrect(q, state) ? 'correct' : 'incorrect' });
      });
    }

    function doneAtStart() { return rules.isDone(statusAtStart); }

    function report() {
      var out = rules.outcome(course, state);
      // The day the module was completed, for the reflection record: not known for a
      // learner who completed it before the player kept it.
      if (rules.isDone(out.status) && !state.doneOn && !doneAtStart()) {
        state.doneOn = isoDay(new Date(now()));
        unsaved = true;
      }
      var final = out.status !== 'incomplete';
      // Never report a step back: nothing below a pass the LMS held at launch, and not
      // incomplete again while the learner retries a knowledge check they finished.
      if (doneAtStart() && !rules.isDone(out.status)) { return out; }
      if (!final && (reported && reported.indexOf('incomplete') !== 0 ||
                     statusAtStart === 'failed')) {
        return out;
      }
      var score = final ? { raw: out.score.percent, min: 0, max: 100 } : null;
      var done = final ? 1 : rules.progress(course, state);
      var key = [out.status, score ? score.raw : '', done].join(' ');
      if (key !== reported) {  // a retry may change the score and not the status
        var before = reported;
        reported = key;
        watch(session.reportOutcome({ status: out.status, score: score, progress: done }),
              function () { if (reported === key) { reported = before; } });
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
      var end = { suspend: !rules.isDone(out.status), sessionSeconds: (now() - startedAt) / 1000 };
      var confirmed = watch(session.finish(end));
      ended = true;
      return confirmed;
    }

    // Called every minute: while the recording is open (the video may play for 90
    // minutes, perhaps in another tab), commit now and then so the LMS session does
    // not expire.
    function keepAlive() {
      if (!ended && session.recording && state.page === 'recording' &&
          now() - lastCommitAt > KEEP_ALIVE && now() - startedAt < KEEP_ALIVE_FOR) {
        uncommitted = true;
        commit();
      }
    }

    // Changes are saved to the session (in the page, no network) after a second's
    // pause. Writing is also committed to the LMS server after 20 seconds without
    // typing (andCommit): browsers may drop a commit made while the page closes, so
    // a long answer does not wait for the learner to leave its field.
    var saveTimer = null, commitTimer = null;
    function saveSoon(andCommit) {
      unsaved = true;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(function () { if (unsaved) { save(); } }, 1000);
      if (andCommit) {
        clearTimeout(commitTimer);
        commitTimer = setTimeout(commit, 20 * 1000);
      }
    }

    return {
      state: state, saveSoon: saveSoon, save: save, commit: commit, report: report, flush: flush, finish: finish,
      recordReflections: recordReflections, recordAnswers: recordAnswers, keepAlive: keepAlive,
      doneAtStart: doneAtStart,
      changed: function () { unsaved = true; },
      isUnsaved: function () { return unsaved; },
      isEnded: function () { return ended; },
      shown: function () { pageShownAt = now(); },
    };
  }

  return { create: create, isoDay: isoDay };
}));
