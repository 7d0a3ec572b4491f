/* lmspack player: one page, one SCO. Reads the course from #course-data, talks to
 * the LMS only through an adapter (lms-none.js describes the interface).
 *
 * What is saved: the whole learner state as compact JSON in suspend data (so a
 * relaunch restores the page and every answer), the page id as the location,
 * status and score by the course's rules, and each answer as an interaction.
 */
(function () {
  'use strict';

  var course = JSON.parse(document.getElementById('course-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var pages = course.pages;
  var startedAt = Date.now();
  var pageShownAt = Date.now();
  var lms = null;
  var state = null;
  var statusAtStart = '';
  var reported = null;           // the last status and score sent to the LMS, as "status raw"
  var nextIndex = 0;             // next free cmi.interactions index
  var recordedText = {};         // interaction id -> response last recorded
  var unsaved = false;           // state changed since the last save()
  var uncommitted = false;       // saved to the adapter but not yet committed
  var lastCommitAt = Date.now();
  var ended = false;

  // ---------------------------------------------------------------- state

  function emptyState() {
    // watched: 0 not yet, 1 watched (confirmed, or played far enough), 2 read the
    // transcript instead. For a video file: played, the stretches played; at, the
    // position; length, the video's length (known before its metadata loads); all
    // in whole seconds.
    return { page: pages[0], watched: 0, reflections: {}, confidence: null,
             answers: {}, submitted: false, ix: {}, played: [], at: 0, length: 0, doneOn: '' };
  }

  // Compact form, kept small for SCORM 1.2's 4,096-character suspend data.
  function encode(st) {
    var o = { v: 1, p: pages.indexOf(st.page), w: st.watched, r: {}, a: {},
              s: st.submitted ? 1 : 0, x: st.ix };
    if (st.played.length) { o.d = st.played; o.t = st.at; o.n = st.length; }
    if (st.doneOn) { o.f = st.doneOn; }
    course.reflections.forEach(function (r) {
      if (st.reflections[r.id]) { o.r[r.id] = st.reflections[r.id]; }
    });
    if (st.confidence !== null) { o.c = st.confidence; }
    course.questions.forEach(function (q) {
      if (st.answers[q.id] && st.answers[q.id].length) { o.a[q.id] = st.answers[q.id]; }
    });
    return JSON.stringify(o);
  }

  function decode(text) {
    var st = emptyState(), o;
    if (!text) { return st; }
    try { o = JSON.parse(text); } catch (e) { return st; }
    if (!o || o.v !== 1) { return st; }
    if (pages[o.p]) { st.page = pages[o.p]; }
    st.watched = o.w === 1 || o.w === 2 ? o.w : 0;
    if (Array.isArray(o.d)) {
      st.played = mergeRanges(o.d.filter(function (r) {
        return Array.isArray(r) && r.length === 2 && r[0] >= 0 && r[1] > r[0];
      }));
      st.at = typeof o.t === 'number' && o.t >= 0 ? o.t : 0;
      st.length = typeof o.n === 'number' && o.n > 0 ? o.n : 0;
    }
    if (typeof o.f === 'string' && /^\d{4}-\d\d-\d\d$/.test(o.f)) { st.doneOn = o.f; }
    course.reflections.forEach(function (r) {
      if (o.r && typeof o.r[r.id] === 'string') { st.reflections[r.id] = o.r[r.id]; }
    });
    if (course.confidence && typeof o.c === 'number') { st.confidence = o.c; }
    course.questions.forEach(function (q) {
      var a = o.a && o.a[q.id];
      if (Array.isArray(a)) {
        st.answers[q.id] = a.filter(function (i) { return i >= 0 && i < q.options.length; });
      }
    });
    st.submitted = o.s === 1 && course.questions.every(function (q) {
      return (st.answers[q.id] || []).length > 0;
    });
    if (o.x && typeof o.x === 'object') {
      // Only this version's interactions: ids from an older package would take room
      // the reflection budget does not allow for.
      allInteractionIds().forEach(function (id) {
        if (typeof o.x[id] === 'number' && o.x[id] >= 0 && o.x[id] % 1 === 0) { st.ix[id] = o.x[id]; }
      });
    }
    return st;
  }

  function encodedLength(text) { return JSON.stringify(text).length - 2; }

  // The longest start of `text` whose saved form fits the budget. maxlength counts
  // characters as typed, but a pasted text full of line breaks or quotes takes more
  // room once saved; cut it as maxlength cuts any paste, and say so.
  function fitted(text) {
    if (encodedLength(text) <= budget) { return text; }
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      if (encodedLength(text.slice(0, mid)) <= budget) { lo = mid; } else { hi = mid - 1; }
    }
    var code = text.charCodeAt(lo - 1);
    return code >= 0xD800 && code <= 0xDBFF ? text.slice(0, lo - 1) : text.slice(0, lo);
  }

  // ---------------------------------------------------------------- rules

  function grade() {
    var correct = 0;
    course.questions.forEach(function (q) { if (isCorrect(q)) { correct += 1; } });
    var total = course.questions.length;
    return { correct: correct, total: total,
             percent: total ? Math.round(100 * correct / total) : 100 };
  }

  function correctIndexes(q) {
    var out = [];
    q.options.forEach(function (o, i) { if (o.correct) { out.push(i); } });
    return out;
  }

  function isCorrect(q) {
    var given = (state.answers[q.id] || []).slice().sort();
    var want = correctIndexes(q);
    return given.length === want.length && given.every(function (v, i) { return v === want[i]; });
  }

  function todo() {
    var c = course.completion, items = [];
    if (c.recordingRequired && !state.watched) {
      items.push(['recording', course.recording.kind === 'file'
        ? 'Watch the recording (at least ' + course.recording.playedPercent + '% of it).'
        : 'Watch the recording and confirm that you have watched it.']);
    }
    if (c.reflectionsRequired) {
      var missing = course.reflections.filter(function (r) {
        return !(state.reflections[r.id] || '').trim();
      });
      if (missing.length) {
        items.push(['reflect', 'Answer ' + (missing.length === 1 ? 'the remaining reflection question.'
          : 'the ' + missing.length + ' remaining reflection questions.')]);
      }
      if (course.confidence && state.confidence === null) {
        items.push(['reflect', 'Rate your confidence.']);
      }
    }
    if (!state.submitted) { items.push(['check', 'Answer the knowledge check questions.']); }
    return items;
  }

  // The share of the module's activities done, 0 to 1 (SCORM 2004's progress_measure).
  function progress() {
    var c = course.completion, steps = 1, left = state.submitted ? 0 : 1;
    if (c.recordingRequired) { steps += 1; left += state.watched ? 0 : 1; }
    if (c.reflectionsRequired) {
      course.reflections.forEach(function (r) {
        steps += 1;
        left += (state.reflections[r.id] || '').trim() ? 0 : 1;
      });
      if (course.confidence) { steps += 1; left += state.confidence === null ? 1 : 0; }
    }
    return (steps - left) / steps;
  }

  function outcome() {
    var score = state.submitted ? grade() : null;
    var status = 'incomplete';
    if (!todo().length) {
      status = score.percent >= course.completion.passMark ? 'passed' : 'failed';
    }
    return { status: status, score: score };
  }

  // ---------------------------------------------------------------- LMS

  function notice(text, isError) {
    var el = $('lms-notice');
    el.textContent = text;
    el.hidden = !text;
    el.className = 'notice' + (isError ? ' notice--error' : '');
    el.setAttribute('role', isError ? 'alert' : 'status');
  }

  var failing = false;           // the error notice is showing
  function checkLms(ok) {
    if (!lms.recording || ended) { return ok; }
    if (!ok) {
      failing = true;
      notice('Your learning platform did not accept the last save (' + lms.lastError + '). ' +
             'Keep this window open and try again; if it happens again, contact your learning team.',
             true);
    } else if (failing) {
      failing = false;
      notice('');
    }
    return ok;
  }

  function save() {
    if (ended) { return; }
    checkLms(lms.save(state.page, encode(state)));
    unsaved = false;
    uncommitted = true;
  }

  function commit() {
    if (ended) { return; }
    if (unsaved) { save(); }
    if (!uncommitted) { return; }
    if (checkLms(lms.commit())) { uncommitted = false; }  // else retried next time
    lastCommitAt = Date.now();
  }

  function allInteractionIds() {  // named at build time (render/player.py)
    var items = course.reflections.concat(course.confidence ? [course.confidence] : [],
                                          course.questions);
    return items.map(function (item) { return item.interaction; });
  }

  function record(it) {
    var key = JSON.stringify([it.response, it.result]);
    if (recordedText[it.id] === key) { return; }
    var n = state.ix[it.id];
    if (typeof n !== 'number') {
      n = nextIndex;
      nextIndex += 1;
      state.ix[it.id] = n;
    }
    it.timestamp = new Date();
    it.latencySeconds = (Date.now() - pageShownAt) / 1000;
    if (checkLms(lms.recordInteraction(n, it))) { recordedText[it.id] = key; }
    unsaved = true;
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
               correct: correctIndexes(q), result: isCorrect(q) ? 'correct' : 'incorrect' });
    });
  }

  function isoDay(d) {
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }

  function doneAtStart() { return statusAtStart === 'passed' || statusAtStart === 'completed'; }

  function report() {
    var out = outcome();
    // The day the module was completed, for the reflection record: not known for a
    // learner who completed it before the player kept it.
    if ((out.status === 'passed' || out.status === 'completed') && !state.doneOn &&
        !doneAtStart()) {
      state.doneOn = isoDay(new Date());
      unsaved = true;
    }
    var final = out.status !== 'incomplete';
    // Never report a step back: nothing below a pass the LMS held at launch, and not
    // incomplete again while the learner retries a knowledge check they finished.
    var held = doneAtStart();
    if (held && out.status !== 'passed' && out.status !== 'completed') { return out; }
    if (!final && (reported && reported.indexOf('incomplete') !== 0 ||
                   statusAtStart === 'failed')) {
      return out;
    }
    var score = final ? { raw: out.score.percent, min: 0, max: 100 } : null;
    var done = final ? 1 : progress();
    var key = [out.status, score ? score.raw : '', done].join(' ');
    if (key !== reported) {  // a retry may change the score and not the status
      if (checkLms(lms.setResult(out.status, score, done))) { reported = key; }
      uncommitted = true;
    }
    return out;
  }

  function flush() {
    if (ended) { return; }
    if (state.page !== 'reflect') { recordReflections(); }
    report();
    save();
  }

  function sessionSeconds() { return (Date.now() - startedAt) / 1000; }

  function finish() {
    if (ended) { return; }
    recordReflections();
    var out = report();
    save();
    var exit = out.status === 'passed' || out.status === 'completed' ? '' : 'suspend';
    finishedOk = checkLms(lms.finish(exit, sessionSeconds()));
    ended = true;
    lockAfterFinish();
  }

  // After LMSFinish nothing more can be recorded: say so, and stop the learner
  // from changing answers that would not be kept. Reading stays possible.
  var finishedOk = true;
  function lockAfterFinish() {
    document.querySelectorAll('main textarea').forEach(function (el) { el.readOnly = true; });
    document.querySelectorAll('main input, #check-submit, #check-retry, #finish').forEach(
      function (el) { el.disabled = true; });
    if (!finishedOk) { return; }  // the error notice stays: nothing was saved
    notice(lms.recording
      ? 'This session has ended and your progress has been saved. To change your answers, ' +
        'open the module again from your learning platform.'
      : 'You have finished. Nothing was sent anywhere, because no learning platform is recording.');
  }

  // ---------------------------------------------------------------- pages

  function show(page, moveFocus) {
    if (pages.indexOf(page) < 0) { page = pages[0]; }
    var leaving = state.page;
    if (leaving === 'reflect' && page !== 'reflect') { recordReflections(); }
    state.page = page;
    pageShownAt = Date.now();
    pages.forEach(function (p) { $(p).hidden = p !== page; });
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      if (a.getAttribute('data-nav') === page) { a.setAttribute('aria-current', 'step'); }
      else { a.removeAttribute('aria-current'); }
    });
    var i = pages.indexOf(page);
    $('prev').hidden = i === 0;
    $('next').hidden = i === pages.length - 1;
    if (i < pages.length - 1) {
      $('next').textContent = 'Next: ' + navLabel(pages[i + 1]);
    }
    if (i > 0) { $('prev').textContent = 'Previous: ' + navLabel(pages[i - 1]); }
    if (page === 'summary') { renderSummary(); }
    if (page === 'recording') { watchEmbed(); }
    document.body.setAttribute('data-page', page);  // the print stylesheet reads it
    updateNavStates();
    if (moveFocus) {
      window.scrollTo(0, 0);
      $(page + '-heading').focus();
    }
  }

  function navLabel(page) {
    var a = document.querySelector('[data-nav="' + page + '"]');
    return a.childNodes[1].textContent.trim();
  }

  function updateNavStates() {
    var left = {};
    todo().forEach(function (t) { left[t[0]] = true; });
    ['recording', 'reflect', 'check'].forEach(function (p) {
      var el = document.querySelector('[data-state-for="' + p + '"]');
      if (el) { el.textContent = left[p] ? '' : ' (done)'; }
    });
  }

  // Moving between pages is not an action worth a request to the LMS server: the
  // place is saved in the page and reaches the server with the learner's next
  // answer, or when the page is hidden or closed.
  function go(page) {
    show(page, true);
    report();
    save();
  }

  // ---------------------------------------------------------------- recording

  function markWatched(how) {
    state.watched = how;
    updateNavStates();
    report();
    save();
    commit();
  }

  function bindConfirm() {
    var box = $('watched');  // absent for a video file without a transcript
    if (!box) { return; }
    box.checked = state.watched === (course.recording.kind === 'file' ? 2 : 1);
    box.addEventListener('change', function () {
      if (course.recording.kind === 'file') {
        // Unticking the transcript box does not undo a video played far enough.
        markWatched(box.checked ? 2 : playedEnough() ? 1 : 0);
      } else {
        markWatched(box.checked ? 1 : 0);
      }
    });
  }

  // A video file: what counts is what was played, stretch by stretch, joined with
  // what earlier sessions played; not where the learner seeked to. (Chromium's
  // video.played cannot be used: after a seek made while paused, it reports the
  // stretch as starting from 0.)
  var video = null;

  function mergeRanges(ranges) {
    var out = [];
    ranges.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); }
      else if (r[1] > r[0]) { out.push([r[0], r[1]]); }
    });
    // Over the limit the suspend data allows for, forget the shortest stretches.
    while (out.length > course.limits.playedRanges) {
      var shortest = 0;
      out.forEach(function (r, i) { if (r[1] - r[0] < out[shortest][1] - out[shortest][0]) { shortest = i; } });
      out.splice(shortest, 1);
    }
    return out;
  }

  // The share of the video played, 0 to 1, or null while its length is unknown.
  // Its length counts whole seconds, as the stretches do, so playing to the end
  // makes 100%.
  function playedShare() {
    if (!state.length) { return null; }
    var played = state.played.reduce(function (t, r) { return t + r[1] - r[0]; }, 0);
    return Math.min(1, played / state.length);
  }

  function playedEnough() {
    var share = playedShare();
    return share !== null && share * 100 >= course.recording.playedPercent;
  }

  // Whole seconds, at most 999,999 (the suspend data budget allows six digits).
  function seconds(t) { return Math.min(999999, Math.max(0, t)); }

  function bindVideo() {
    video = $('video');
    if (!video) { return; }
    var shownPercent = -1;
    function status() {
      var share = playedShare(), need = course.recording.playedPercent;
      if (share === null) { return; }  // the page's own text stands until the length is known
      var percent = Math.floor(share * 100);
      if (percent === shownPercent) { return; }
      shownPercent = percent;
      $('played-status').textContent = percent >= need
        ? 'You have watched the recording: you have played ' + percent + '% of it.'
        : !state.played.length ? 'The recording counts as watched when you have played ' + need +
          '% of it. You have not played it yet.'
          : 'You have played ' + percent + '% of the recording. It counts as watched when you ' +
            'have played ' + need + '% of it.';
    }
    var before = state.played;  // stretches played before the current one
    var stretch = null;         // [start, end] of what is playing now, in seconds
    function endStretch() { before = state.played; stretch = null; }
    function update() {
      if (video.seeking) { return; }
      var now = video.currentTime;
      if (!stretch || now < stretch[1]) { endStretch(); stretch = [now, now]; }
      stretch[1] = now;
      // Whole seconds only, rounded inwards: never more than was played.
      var merged = mergeRanges(before.concat([[seconds(Math.ceil(stretch[0])),
                                               seconds(Math.floor(stretch[1]))]]));
      if (JSON.stringify(merged) !== JSON.stringify(state.played)) {
        state.played = merged;
        unsaved = true;
      }
      if (seconds(Math.floor(now)) !== state.at) { state.at = seconds(Math.floor(now)); unsaved = true; }
      knowLength();
      status();
      if (state.watched !== 1 && playedEnough()) {
        $('played-announce').textContent = 'The recording now counts as watched.';
        markWatched(1);
      }
    }
    function knowLength() {
      var d = video.duration;  // NaN before the metadata, Infinity for some streams
      if (d && isFinite(d) && seconds(Math.floor(d)) !== state.length) {
        state.length = Math.max(1, seconds(Math.floor(d)));
        unsaved = true;
      }
    }
    function resume() {
      knowLength();
      // Carry on from where the learner was, unless that was the very end.
      if (state.at > 0 && state.at < video.duration - 5) { video.currentTime = state.at; }
      status();
    }
    if (video.readyState >= 1) { resume(); }  // the metadata came before this script
    else { video.addEventListener('loadedmetadata', resume, { once: true }); }
    status();  // what earlier sessions played, before the metadata loads
    video.addEventListener('seeking', endStretch);
    video.addEventListener('timeupdate', update);
    ['pause', 'ended', 'seeked'].forEach(function (name) {
      video.addEventListener(name, function () { update(); if (unsaved) { save(); } });
    });
  }

  // The embed's address is set when the learner first comes to the recording, with
  // its load listener already in place: the video site hears nothing from learners
  // who never open that page. If it has not loaded a while later it is probably
  // blocked: say so beside it.
  var embedTimer = null;
  function watchEmbed() {
    var frame = $('embed');
    if (!frame || embedTimer) { return; }
    var loaded = false;
    frame.addEventListener('load', function () { loaded = true; });
    frame.src = frame.getAttribute('data-src');
    embedTimer = setTimeout(function () {
      var region = $('embed-slow'), note = document.createElement('p');
      if (loaded) { return; }
      note.className = 'notice notice--inline';
      note.textContent = region.getAttribute('data-message');
      region.appendChild(note);
    }, 15 * 1000);
  }

  // ---------------------------------------------------------------- reflect

  var budget = 0;

  function updateCounter(r) {
    var ta = $('reflection-' + r.id), text = ta.value;
    var used = encodedLength(text);
    // Line breaks and quotes take two characters in saved data: shrink the
    // limit to match, so that what the learner sees is what is kept.
    ta.maxLength = Math.max(text.length, budget - (used - text.length));
    var left = Math.max(0, budget - used);
    $('count-' + r.id).textContent = left === 0
      ? 'You have used all ' + budget + ' characters for this answer.'
      : 'You have ' + left + ' character' + (left === 1 ? '' : 's') + ' left (up to ' + budget + ').';
    $('count-' + r.id).className = 'counter' + (left < 50 ? ' counter--low' : '');
    return left;
  }

  function bindReflections() {
    // Worked out at build time from the standard's suspend data limit (render/player.py).
    budget = course.limits.reflection || 4000;
    course.reflections.forEach(function (r) {
      var ta = $('reflection-' + r.id);
      ta.value = fitted(state.reflections[r.id] || '');
      if (ta.value) { state.reflections[r.id] = ta.value; }
      ta.maxLength = budget;
      updateCounter(r);
      var announced = null;
      ta.addEventListener('input', function () {
        var fit = fitted(ta.value);
        if (fit !== ta.value) {
          ta.value = fit;
          $('counter-status').textContent = 'Your answer reached the limit of ' + budget +
            ' characters, so the end of the pasted text was not added.';
          announced = 0;
        }
        state.reflections[r.id] = ta.value;
        unsaved = true;
        var left = updateCounter(r);
        var level = left === 0 ? 0 : left < 50 ? 50 : null;
        if (level !== announced) {
          announced = level;
          if (level !== null) { $('counter-status').textContent = $('count-' + r.id).textContent; }
        }
        if (ta.value.trim()) { clearFieldError(r.id); }
        scheduleSave(true);
      });
      ta.addEventListener('change', commit);  // the learner has left the field
    });
    if (course.confidence) {
      document.querySelectorAll('input[name="confidence"]').forEach(function (input) {
        input.checked = state.confidence === Number(input.value);
        input.addEventListener('change', function () {
          state.confidence = Number(input.value);
          clearFieldError(course.confidence.id);
          report();
          save();
          commit();  // a rating is one decision: send it now
        });
      });
    }
  }

  var saveTimer = null, commitTimer = null;
  function scheduleSave(andCommit) {
    // Changes are saved to the adapter (in the page, no network) after a second's
    // pause. Writing is also committed to the LMS server after 20 seconds without
    // typing: browsers may drop a commit made while the page closes, so a long
    // answer does not wait for the learner to leave its field.
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () { if (unsaved) { save(); } }, 1000);
    if (andCommit) {
      clearTimeout(commitTimer);
      commitTimer = setTimeout(commit, 20 * 1000);
    }
  }

  // Tie an error message to its question's fieldset, so that a screen reader reads
  // it with the question.
  function tieError(id, on) {
    var group = $('question-' + id), errorId = 'error-' + id;
    if (!group) { return; }
    var ids = (group.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== errorId;
    });
    if (on) { ids.unshift(errorId); }
    if (ids.length) { group.setAttribute('aria-describedby', ids.join(' ')); }
    else { group.removeAttribute('aria-describedby'); }
  }

  function clearFieldError(id) {
    var e = $('error-' + id);
    if (e) { e.hidden = true; e.textContent = ''; }
    var f = $('field-' + id) || $('question-' + id);
    if (f) { f.classList.remove('field--error'); }
    tieError(id, false);
  }

  function showErrors(summaryId, errors) {
    var box = $(summaryId);
    box.textContent = '';
    if (!errors.length) { box.hidden = true; return; }
    var h = document.createElement('h3');
    h.textContent = 'There is a problem';
    var ul = document.createElement('ul');
    errors.forEach(function (err) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + err.target;
      a.textContent = err.message;
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var t = $(err.target);
        t.focus();
        t.scrollIntoView({ block: 'center' });
      });
      li.appendChild(a);
      ul.appendChild(li);
      var e = $('error-' + err.field);
      e.textContent = err.message;
      e.hidden = false;
      tieError(err.field, true);
      ($('field-' + err.field) || $('question-' + err.field)).classList.add('field--error');
    });
    box.appendChild(h);
    box.appendChild(ul);
    box.hidden = false;
    box.setAttribute('role', 'alert');
    box.focus();
  }

  // ---------------------------------------------------------------- check

  function inputsFor(q) {
    return q.options.map(function (o) { return $(q.id + '--' + o.id); });
  }

  function bindQuestions() {
    course.questions.forEach(function (q) {
      inputsFor(q).forEach(function (input, i) {
        input.checked = (state.answers[q.id] || []).indexOf(i) >= 0;
        input.addEventListener('change', function () {
          state.answers[q.id] = inputsFor(q).reduce(function (acc, el, j) {
            if (el.checked) { acc.push(j); }
            return acc;
          }, []);
          clearFieldError(q.id);
          unsaved = true;
          scheduleSave(false);  // sent with the submitted answers
        });
      });
    });
    $('check-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (state.submitted) { return; }
      var errors = course.questions.filter(function (q) {
        return !(state.answers[q.id] || []).length;
      }).map(function (q) {
        return { field: q.id, target: inputsFor(q)[0].id,
                 message: 'Answer question ' + (course.questions.indexOf(q) + 1) + '.' };
      });
      showErrors('check-errors', errors);
      if (errors.length) { return; }
      state.submitted = true;
      recordAnswers();
      showFeedback(true);
      report();
      save();
      commit();
    });
    $('check-retry').addEventListener('click', function () {
      state.submitted = false;
      state.answers = {};
      course.questions.forEach(function (q) {
        inputsFor(q).forEach(function (el) { el.checked = false; });
      });
      showFeedback(false);
      save();
      commit();
      inputsFor(course.questions[0])[0].focus();
    });
  }

  function showFeedback(announce) {
    var done = state.submitted;
    course.questions.forEach(function (q) {
      var chosen = state.answers[q.id] || [];
      q.options.forEach(function (o, i) {
        var fb = $('feedback-' + q.id + '--' + o.id);
        var input = $(q.id + '--' + o.id);
        input.disabled = done;
        fb.hidden = !done;
        fb.className = 'feedback' + (o.correct ? ' feedback--correct' : '');
        fb.textContent = '';
        if (done) {
          var mine = chosen.indexOf(i) >= 0;
          var tag = mine && o.correct ? 'Your answer, which is correct: '
            : mine ? 'Your answer: ' : o.correct ? 'A correct answer: ' : '';
          if (tag) {
            var strong = document.createElement('strong');
            strong.textContent = tag;
            fb.appendChild(strong);
          }
          fb.appendChild(document.createTextNode(o.feedback));
        }
      });
      var res = $('result-' + q.id);
      res.hidden = !done;
      res.textContent = done ? (isCorrect(q) ? 'You answered this question correctly.'
        : 'You did not answer this question correctly.') : '';
      res.className = 'question__result ' + (done && isCorrect(q) ? 'is-correct' : 'is-wrong');
    });
    $('check-submit').hidden = done;
    var panel = $('check-result');
    if (!done) { panel.textContent = ''; $('check-retry').hidden = true; return; }
    var g = grade(), passed = g.percent >= course.completion.passMark;
    panel.textContent = 'You answered ' + g.correct + ' of ' + g.total + ' questions correctly (' +
      g.percent + '%). ' + (passed ? 'You passed: the pass mark is ' + course.completion.passMark + '%.'
        : 'The pass mark is ' + course.completion.passMark + '%. Read the feedback, then try the questions again.');
    panel.className = 'result-panel ' + (passed ? 'result-panel--pass' : 'result-panel--fail');
    $('check-retry').hidden = passed;
    if (announce) { panel.focus(); }
  }

  // ---------------------------------------------------------------- summary

  function renderSummary() {
    var out = outcome(), items = todo();
    var status = $('summary-status');
    var messages = {
      passed: 'You have completed this module and passed the knowledge check.',
      completed: 'You have completed this module.',
      failed: 'You have done every activity, but your knowledge check score is below the pass mark. ' +
              'You can try the questions again.',
      incomplete: 'You have not finished this module yet.',
    };
    status.textContent = messages[out.status] +
      (lms.recording ? '' : ' Your progress is not being recorded by a learning platform.');
    status.className = 'result-panel result-panel--' + out.status;

    var list = $('summary-todo');
    list.textContent = '';
    if (!items.length) {
      var none = document.createElement('li');
      none.textContent = 'Nothing: every activity is done.';
      list.appendChild(none);
    }
    items.forEach(function (t) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + t[0];
      a.textContent = t[1];
      a.addEventListener('click', function (ev) { ev.preventDefault(); go(t[0]); });
      li.appendChild(a);
      list.appendChild(li);
    });

    $('summary-left').hidden = !items.length;
    renderRecord(out);
  }

  // ---------------------------------------------------------------- the reflection record

  var learnerName = '';

  function longDate(iso) {
    var p = iso.split('-');
    var d = new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]));
    try {
      return d.toLocaleDateString(document.documentElement.lang || undefined,
                                  { day: 'numeric', month: 'long', year: 'numeric' });
    } catch (e) { return iso; }
  }

  function pair(dl, term, text) {
    var dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = text;
    dd.className = 'learner-text';
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function renderRecord(out) {
    $('record-learner-row').hidden = !learnerName;
    $('record-learner').textContent = learnerName;
    $('record-completed').textContent = state.doneOn ? longDate(state.doneOn)
      : doneAtStart() ? 'Yes (the date was not recorded).'
      : out.status === 'failed' ? 'Not yet: the knowledge check score is below the pass mark.'
        : 'Not yet.';
    var share = video ? playedShare() : null;
    var played = share === null ? '' : ' (' + Math.floor(share * 100) + '% played)';
    $('record-recording').textContent = state.watched === 2 ? 'Read the transcript.'
      : state.watched === 1 ? 'Watched' + played + '.' : 'Not watched yet' + played + '.';

    var dl = $('summary-reflections'), action = $('record-action');
    dl.textContent = '';
    action.textContent = '';
    course.reflections.forEach(function (r) {
      pair(r.action ? action : dl, r.prompt,
           (state.reflections[r.id] || '').trim() || 'Not answered yet.');
    });
    $('record-action-block').hidden = !action.childNodes.length;
    if (course.confidence) {
      var label = '';
      course.confidence.scale.forEach(function (s) { if (s[0] === state.confidence) { label = s[1]; } });
      pair(dl, course.confidence.prompt, state.confidence === null ? 'Not answered yet.'
        : state.confidence + ' out of ' + course.confidence.scale.length + ' (' + label + ')');
    }
    var g = out.score;
    $('summary-score').textContent = g
      ? g.correct + ' of ' + g.total + ' correct (' + g.percent + '%). The pass mark is ' +
        course.completion.passMark + '%: ' + (g.percent >= course.completion.passMark
          ? 'passed.' : 'not passed yet.')
      : 'Not done yet. The pass mark is ' + course.completion.passMark + '%.';
  }

  // The record as plain text, from what the page shows: headings underlined,
  // terms and their answers, list items with a dash.
  function recordText() {
    var lines = [];
    function text(el) { return el.textContent.replace(/[ \t]+/g, ' ').trim(); }
    function walk(el) {
      if (el.hidden) { return; }
      var tag = el.tagName.toLowerCase();
      if (tag === 'h3' || tag === 'h4') {
        var t = text(el);
        lines.push('', t, new Array(t.length + 1).join(tag === 'h3' ? '=' : '-'));
      } else if (tag === 'dl' && el.classList.contains('facts')) {
        el.querySelectorAll('div').forEach(function (row) {
          if (!row.hidden) { lines.push(text(row.querySelector('dt')) + ': ' + text(row.querySelector('dd'))); }
        });
      } else if (tag === 'dl') {
        el.querySelectorAll('dt').forEach(function (dt) {
          lines.push(text(dt), dt.nextElementSibling.textContent.trim(), '');
        });
      } else if (tag === 'ul') {
        el.querySelectorAll('li').forEach(function (li) { lines.push('- ' + text(li)); });
      } else if (tag === 'p') {
        lines.push(text(el));
      } else {
        Array.prototype.forEach.call(el.children, walk);
      }
    }
    walk($('record'));
    return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
  }

  function downloadRecord() {
    renderSummary();
    var blob = new Blob([recordText()], { type: 'text/plain;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'reflection-record-' + course.id + '-' + isoDay(new Date()) + '.txt';
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60 * 1000);
  }

  // ---------------------------------------------------------------- start

  function connect() {
    var named = window.LmspackAdapters[course.runtime];
    var adapter = named && named.connect(course);
    var resume = adapter && adapter.start();
    if (resume) { return { adapter: adapter, resume: resume }; }
    var refused = adapter ? adapter.lastError : '';
    adapter = window.LmspackAdapters.none.connect(course, { remember: !refused });
    return { adapter: adapter, resume: adapter.start(), refused: refused };
  }

  function init() {
    var c = connect();
    lms = c.adapter;
    state = decode(c.resume.suspendData);
    if (c.resume.location && pages.indexOf(c.resume.location) >= 0) { state.page = c.resume.location; }
    statusAtStart = c.resume.status || '';
    // Interaction indexes must run on from cmi.interactions._count. An LMS may keep
    // the earlier session's interactions (Moodle does) or start empty: overwrite
    // the ones it still holds, and append anything else.
    nextIndex = c.resume.interactionCount || 0;
    Object.keys(state.ix).forEach(function (id) {
      if (!(state.ix[id] < nextIndex)) { delete state.ix[id]; }
    });
    if (c.refused) {
      notice('Your learning platform did not start this session (' + c.refused + '), so your ' +
             'progress is not being recorded. Close this window and open the module again from ' +
             'your learning platform.', true);
    } else if (course.runtime === 'none') {
      notice('This version of the module does not record your progress: your learning ' +
             'platform cannot see your answers or whether you finished. They stay in this ' +
             'browser. If you need the module recorded as completed, ask your learning team ' +
             'for the SCORM version.');
    } else if (!lms.recording) {
      notice('Your progress is not being recorded: this module was not opened from a learning ' +
             'platform (LMS). You can work through it, but your answers stay in this browser.');
    }

    learnerName = c.resume.learnerName || '';
    bindConfirm();
    bindVideo();
    bindReflections();
    bindQuestions();
    showFeedback(false);

    document.querySelectorAll('[data-nav]').forEach(function (a) {
      a.addEventListener('click', function (ev) { ev.preventDefault(); go(a.getAttribute('data-nav')); });
    });
    $('prev').addEventListener('click', function () { go(pages[pages.indexOf(state.page) - 1]); });
    $('next').addEventListener('click', function () { go(pages[pages.indexOf(state.page) + 1]); });
    $('print-record').addEventListener('click', function () { renderSummary(); window.print(); });
    $('download-record').addEventListener('click', downloadRecord);
    $('finish').addEventListener('click', function () {
      finish();
      $('finish-status').textContent = !finishedOk
        ? 'Your learning platform did not confirm that your progress was saved.'
        : lms.recording ? 'Your progress has been saved. You can now close this window.'
          : 'You have finished. Nothing was sent anywhere, because no learning platform is recording.';
    });

    // Save when the learner leaves: Moodle's frame forbids unload handlers, and
    // browsers drop work done in unload, so use visibilitychange and pagehide.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { flush(); commit(); }
    });
    window.addEventListener('pagehide', finish);
    // Back from the back-forward cache after pagehide finished the session.
    window.addEventListener('pageshow', function (ev) { if (ev.persisted && ended) { lockAfterFinish(); } });
    // While the recording page is open (the video may play for 90 minutes, perhaps
    // in another tab), commit now and then so the LMS session does not expire.
    setInterval(function () {
      if (!ended && lms.recording && state.page === 'recording' &&
          Date.now() - lastCommitAt > 5 * 60 * 1000 && Date.now() - startedAt < 4 * 3600 * 1000) {
        uncommitted = true;
        commit();
      }
    }, 60 * 1000);

    show(state.page, false);
    if (state.submitted) { showFeedback(false); }
    // Status and data are set now; they reach the LMS server with the learner's
    // first action or when the page is hidden, not with an extra commit here.
    report();
    save();
  }

  init();
}());
