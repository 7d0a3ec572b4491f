/* lmspack player: the recording section. A video file counts as watched when
 * enough of it has been played; an embed or a link when the learner confirms it.
 */
(function (ns) {
  'use strict';

  // ctx: course, codec, state, keeper, dom, refreshNav (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, t = ctx.keeper, codec = ctx.codec, $ = ctx.dom.$;
    var video = $('video'), file = course.recording.kind === 'file', need = course.recording.playedPercent;

    function markWatched(how) {
      state.watched = how;
      ctx.refreshNav();
      t.report();
      t.save();
      t.commit();
    }

    // The share played, 0 to 1, or null while the length (whole seconds) is unknown.
    function playedShare() {
      if (!state.length) { return null; }
      return Math.min(1, state.played.reduce((sum, r) => sum + r[1] - r[0], 0) / state.length);
    }
    var playedEnough = () => playedShare() !== null && playedShare() * 100 >= need;

    var box = $('watched');  // absent for a video file without a transcript
    if (box) {
      box.checked = state.watched === (file ? 2 : 1);
      // Unticking the transcript box does not undo a video played far enough.
      box.addEventListener('change', () => markWatched(box.checked ? (file ? 2 : 1) : file && playedEnough() ? 1 : 0));
    }
    if (video) { bindVideo(); }

    // What counts is what was played, stretch by stretch, joined with earlier
    // sessions'; not where the learner seeked to. (Chromium's video.played reports a
    // stretch from 0 after a seek made while paused.)
    function bindVideo() {
      var shownPercent = -1;
      function status() {
        var share = playedShare();
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
      var whole = (s) => codec.seconds(Math.floor(s));
      function update() {
        if (video.seeking) { return; }
        var now = video.currentTime;
        if (!stretch || now < stretch[1]) { endStretch(); stretch = [now, now]; }
        stretch[1] = now;
        // Whole seconds, rounded inwards: never more than was played.
        var merged = codec.mergeRanges(before.concat([[codec.seconds(Math.ceil(stretch[0])), whole(stretch[1])]]));
        if (JSON.stringify(merged) !== JSON.stringify(state.played)) {
          state.played = merged;
          t.changed();
        }
        if (whole(now) !== state.at) {
          state.at = whole(now);
          t.changed();
        }
        knowLength();
        status();
        if (state.watched !== 1 && playedEnough()) {
          $('played-announce').textContent = 'The recording now counts as watched.';
          markWatched(1);
        }
      }
      function knowLength() {
        var d = video.duration;  // NaN before the metadata, Infinity for some streams
        if (d && isFinite(d) && whole(d) !== state.length) {
          state.length = Math.max(1, whole(d));
          t.changed();
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
      ['pause', 'ended', 'seeked'].forEach((name) => {
        video.addEventListener(name, () => { update(); if (t.isUnsaved()) { t.save(); } });
      });
    }

    // The embed gets its address when the learner first comes here, so the video site
    // hears nothing from those who never do. Not loaded 15 s later: probably blocked.
    var embedTimer = null;
    function shown() {
      var frame = $('embed'), loaded = false;
      if (!frame || embedTimer) { return; }
      frame.addEventListener('load', () => { loaded = true; });
      frame.src = frame.getAttribute('data-src');
      embedTimer = setTimeout(() => {
        var region = $('embed-slow');
        if (!loaded) { region.appendChild(ctx.dom.make('p', region.getAttribute('data-message'), 'notice notice--inline')); }
      }, 15 * 1000);
    }

    return { shown: shown, playedShare: () => (video ? playedShare() : null) };
  }

  (ns.views = ns.views || {}).recording = { bind: bind };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
