/* lmspack player: reads the course from #course-data, opens the session of its
 * run-time (session.js), binds the sections' views to it, moves between the
 * sections, and ends the session on pagehide. Loaded last.
 */
(function (ns) {
  'use strict';
  var course = JSON.parse(document.getElementById('course-data').textContent);
  var dom = ns.dom, $ = dom.$, pages = course.pages, codec = ns.state.codec(course);
  var UNRECORDED = 'You have finished. Nothing was sent anywhere, because no learning platform is recording.';

  // Opened before anything waits: the SCORM calls that start the session are made now.
  ns.session.open(course, codec, ns.adapters, window).then(start);

  function start(opened) {
    var session = opened.session, resume = opened.resume, state = resume.state;
    if (pages.indexOf(resume.location) >= 0) { state.page = resume.location; }
    var t = ns.keeper.create({
      course: course, session: session, state: state, statusAtStart: resume.status,
      onError: (reason) => dom.notice('Your learning platform did not accept the last save (' + reason +
        '). Keep this window open and try again; if it happens again, contact your learning team.', true),
      onRecovered: () => dom.notice(''),
      onShortened: () => { if (state.page === 'summary') { ctx.views.summary.shown(); } },
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

    var ctx = { course: course, codec: codec, state: state, keeper: t, session: session, dom: dom,
                learnerName: resume.learnerName || '', go: go, refreshNav: refreshNav, views: {} };
    ['recording', 'reflect', 'check', 'summary'].forEach((name) => { ctx.views[name] = ns.views[name].bind(ctx); });
    var links = document.querySelectorAll('[data-nav]');
    var label = (page) => document.querySelector('[data-nav="' + page + '"] .steps__label').textContent.trim();

    function refreshNav() {
      var left = {};
      ns.rules.todo(course, state).forEach((item) => { left[item[0]] = true; });
      links.forEach((a) => {
        var page = a.getAttribute('data-nav'), mark = a.querySelector('[data-state-for]');
        var done = page !== 'overview' && page !== 'summary' && !left[page];
        // A check below the pass mark is answered, not done: said in words.
        var failed = done && page === 'check' && !ns.rules.passed(course, ns.rules.grade(course, state));
        a.classList.toggle('is-done', done && !failed);
        a.classList.toggle('is-failed', failed);
        mark.textContent = failed ? ' (not passed)' : done ? ' (done)' : '';
      });
    }

    function show(page, moveFocus) {
      if (pages.indexOf(page) < 0) { page = pages[0]; }
      if (state.page === 'reflect' && page !== 'reflect') { t.recordReflections(); }
      state.page = page;
      t.shown();
      pages.forEach((p) => { $(p).hidden = p !== page; });
      links.forEach((a) => {
        if (a.getAttribute('data-nav') === page) { a.setAttribute('aria-current', 'step'); }
        else { a.removeAttribute('aria-current'); }
      });
      var i = pages.indexOf(page);
      $('prev').hidden = i === 0;
      $('next').hidden = i === pages.length - 1;
      if (i < pages.length - 1) { $('next').textContent = 'Next: ' + label(pages[i + 1]); }
      if (i > 0) { $('prev').textContent = 'Previous: ' + label(pages[i - 1]); }
      var view = ctx.views[page];
      if (view && view.shown) { view.shown(); }
      document.body.setAttribute('data-page', page);  // the print stylesheet reads it
      refreshNav();
      if (moveFocus) {
        window.scrollTo(0, 0);
        $(page + '-heading').focus();
      }
    }

    // A page change is no action worth a request to the LMS server: the place is
    // saved in the page and sent with the next answer, or when the page is hidden.
    function go(page) {
      show(page, true);
      t.report();
      t.save();
    }

    // Once the session has ended nothing more is recorded: say so, and stop answers
    // changing. Reading stays possible.
    var finishedOk = true;
    function lock() {
      document.querySelectorAll('main textarea').forEach((el) => { el.readOnly = true; });
      document.querySelectorAll('main input, #check-submit, #check-retry, #finish').forEach((el) => { el.disabled = true; });
      ctx.views.check.ended();
      if (state.page === 'summary') { ctx.views.summary.shown(); }
      if (finishedOk) {  // else the error notice stays: nothing was saved
        dom.notice(session.recording ? 'This session has ended and your progress has been saved. To ' +
          'change your answers, open the module again from your learning platform.' : UNRECORDED);
      }
    }
    function finish() {
      if (t.isEnded()) { return Promise.resolve(); }
      return t.finish().then((ok) => { finishedOk = ok; lock(); });
    }

    // Launched in a window of its own (a pop-up, or opened directly), not in a frame of
    // the LMS's page, which closing the window would close too.
    function ownWindow() {
      try { if (window.top === window.self || window.opener || window.top.opener) { return true; } }
      catch (e) { /* another origin */ }
      return false;
    }

    links.forEach((a) => {
      a.addEventListener('click', (ev) => { ev.preventDefault(); go(a.getAttribute('data-nav')); });
    });
    $('prev').addEventListener('click', () => go(pages[pages.indexOf(state.page) - 1]));
    $('next').addEventListener('click', () => go(pages[pages.indexOf(state.page) + 1]));
    $('finish').addEventListener('click', () => finish().then(() => {
      $('finish-status').textContent = !finishedOk ? 'Your learning platform did not confirm that your progress was saved.'
        : !session.recording ? UNRECORDED
        : 'Your progress has been saved. ' + (ownWindow() ? 'You can now close this window.'
          : 'To leave, use your learning platform\'s own way back, such as "Exit activity" or ' +
            'the link back to your course. Closing this window would close your learning platform too.');
    }));

    // Saved when the learner leaves: Moodle's frame forbids unload handlers and
    // browsers drop work done in unload, so visibilitychange and pagehide, each call
    // reaching the LMS inside the handler.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') { t.flush(); t.commit(); }
    });
    window.addEventListener('pagehide', finish);
    // Back from the back-forward cache after pagehide finished the session.
    window.addEventListener('pageshow', (ev) => { if (ev.persisted && t.isEnded()) { lock(); } });
    setInterval(t.keepAlive, 60 * 1000);

    show(state.page, false);
    // Status and data are set now and reach the server with the first action or
    // when the page is hidden, not with a commit of their own.
    t.report();
    t.save();
  }
}(window.lmspack));
