/* lmspack player: one page, one SCO. Reads the course from #course-data, opens the
 * session of its run-time (session.js), and wires the sections' views to it; it
 * also moves between the sections. Loaded last.
 *
 * What is saved: the whole learner state in its compact form (state.js) as suspend
 * data, so a relaunch restores the page and every answer; the section as the
 * location; status and score by the course's rules (rules.js); each answer as an
 * interaction.
 */
(function (ns) {
  'use strict';
  var course = JSON.parse(document.getElementById('course-data').textContent);
  var dom = ns.dom, $ = dom.$, pages = course.pages;
  var codec = ns.state.codec(course);

  // Opened before anything waits: the SCORM calls that start the session are made now.
  ns.session.open(course, codec, ns.adapters, window).then(start);

  function start(opened) {
    var session = opened.session, resume = opened.resume, state = resume.state;
    if (resume.location && pages.indexOf(resume.location) >= 0) { state.page = resume.location; }
    var t = ns.keeper.create({
      course: course, session: session, state: state, statusAtStart: resume.status,
      onError: function (reason) {
        dom.notice('Your learning platform did not accept the last save (' + reason + '). ' +
                   'Keep this window open and try again; if it happens again, contact your ' +
                   'learning team.', true);
      },
      onRecovered: function () { dom.notice(''); },
    });
    if (opened.refused) {
      dom.notice('Your learning platform did not start this session (' + opened.refused + '), so ' +
                 'your progress is not being recorded. Close this window and open the module ' +
                 'again from your learning platform.', true);
    } else if (course.runtime === 'none') {
      dom.notice('This version of the module does not record your progress: your learning ' +
                 'platform cannot see your answers or whether you finished. They stay in this ' +
                 'browser. If you need the module recorded as completed, ask your learning team ' +
                 'for the SCORM version.');
    } else if (!session.recording) {
      dom.notice('Your progress is not being recorded: this module was not opened from a ' +
                 'learning platform (LMS). You can work through it, but your answers stay in ' +
                 'this browser.');
    }

    var ctx = { course: course, codec: codec, state: state, keeper: t, session: session,
                dom: dom, learnerName: resume.learnerName || '', go: go, refreshNav: refreshNav,
                views: {} };
    ['recording', 'reflect', 'check', 'summary'].forEach(function (name) {
      ctx.views[name] = ns.views[name].bind(ctx);
    });

    function navLabel(page) {
      var a = document.querySelector('[data-nav="' + page + '"]');
      return a.childNodes[1].textContent.trim();
    }

    function refreshNav() {
      var left = {};
      ns.rules.todo(course, state).forEach(function (item) { left[item[0]] = true; });
      ['recording', 'reflect', 'check'].forEach(function (p) {
        var el = document.querySelector('[data-state-for="' + p + '"]');
        if (el) { el.textContent = left[p] ? '' : ' (done)'; }
      });
    }

    function show(page, moveFocus) {
      if (pages.indexOf(page) < 0) { page = pages[0]; }
      if (state.page === 'reflect' && page !== 'reflect') { t.recordReflections(); }
      state.page = page;
      t.shown();
      pages.forEach(function (p) { $(p).hidden = p !== page; });
      document.querySelectorAll('[data-nav]').forEach(function (a) {
        if (a.getAttribute('data-nav') === page) { a.setAttribute('aria-current', 'step'); }
        else { a.removeAttribute('aria-current'); }
      });
      var i = pages.indexOf(page);
      $('prev').hidden = i === 0;
      $('next').hidden = i === pages.length - 1;
      if (i < pages.length - 1) { $('next').textContent = 'Next: ' + navLabel(pages[i + 1]); }
      if (i > 0) { $('prev').textContent = 'Previous: ' + navLabel(pages[i - 1]); }
      var view = ctx.views[page];
      if (view && view.shown) { view.shown(); }
      document.body.setAttribute('data-page', page);  // the print stylesheet reads it
      refreshNav();
      if (moveFocus) {
        window.scrollTo(0, 0);
        $(page + '-heading').focus();
      }
    }

    // Moving between sections is not an action worth a request to the LMS server: the
    // place is saved in the page and reaches the server with the learner's next
    // answer, or when the page is hidden or closed.
    function go(page) {
      show(page, true);
      t.report();
      t.save();
    }

    // After the session has ended nothing more can be recorded: say so, and stop the
    // learner from changing answers that would not be kept. Reading stays possible.
    var finishedOk = true;
    function lock() {
      document.querySelectorAll('main textarea').forEach(function (el) { el.readOnly = true; });
      document.querySelectorAll('main input, #check-submit, #check-retry, #finish').forEach(
        function (el) { el.disabled = true; });
      if (!finishedOk) { return; }  // the error notice stays: nothing was saved
      dom.notice(session.recording
        ? 'This session has ended and your progress has been saved. To change your answers, ' +
          'open the module again from your learning platform.'
        : 'You have finished. Nothing was sent anywhere, because no learning platform is recording.');
    }
    function finish() {
      if (t.isEnded()) { return Promise.resolve(); }
      return t.finish().then(function (ok) { finishedOk = ok; lock(); });
    }

    document.querySelectorAll('[data-nav]').forEach(function (a) {
      a.addEventListener('click', function (ev) { ev.preventDefault(); go(a.getAttribute('data-nav')); });
    });
    $('prev').addEventListener('click', function () { go(pages[pages.indexOf(state.page) - 1]); });
    $('next').addEventListener('click', function () { go(pages[pages.indexOf(state.page) + 1]); });
    $('finish').addEventListener('click', function () {
      finish().then(function () {
        $('finish-status').textContent = !finishedOk
          ? 'Your learning platform did not confirm that your progress was saved.'
          : session.recording ? 'Your progress has been saved. You can now close this window.'
            : 'You have finished. Nothing was sent anywhere, because no learning platform is recording.';
      });
    });

    // Save when the learner leaves: Moodle's frame forbids unload handlers, and
    // browsers drop work done in unload, so use visibilitychange and pagehide. Every
    // call reaches the LMS inside the handler (session.js).
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { t.flush(); t.commit(); }
    });
    window.addEventListener('pagehide', finish);
    // Back from the back-forward cache after pagehide finished the session.
    window.addEventListener('pageshow', function (ev) { if (ev.persisted && t.isEnded()) { lock(); } });
    setInterval(t.keepAlive, 60 * 1000);

    show(state.page, false);
    // Status and data are set now; they reach the LMS server with the learner's
    // first action or when the page is hidden, not with an extra commit here.
    t.report();
    t.save();
  }
}(window.lmspack));
