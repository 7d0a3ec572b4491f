/* lmspack player: the recording section. A video file counts as watched when
 * enough of it has been played; an embed or a link when the learner confirms it.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { ((root.lmspack = root.lmspack || {}).views = root.lmspack.views || {}).recording = api; }
}(this, function () {
  'use strict';

  // ctx: course, codec, state, keeper, dom, refreshNav (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, t = ctx.keeper, codec = ctx.codec;
    var $ = ctx.dom.$;
    var video = $('video');

    function markWatched(how) {
      state.watched = how;
      ctx.refreshNav();
      t.report();
      t.save();
      t.commit();
    }

    // The share of the video played, 0 to 1, or null while its length is unknown.
    // Its length counts whole seconds, as the stretches do, so playing to the end
    // makes 100%.
    function playedShare() {
      if (!state.length) { return null; }
      var played = state.played.reduce(function (sum, r) { return sum + r[1] - r[0]; }, 0);
      return Math.min(1, played / state.length);
    }

    function playedEnough() {
      var share = playedShare();
      return share !== null && share * 100 >= course.recording.playedPercent;
    }

    var box = $('watched');  // absent for a video file without a transcript
    if (box) {
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
    if (video) { bindVideo(); }

    // A video file: what counts is what was played, stretch by stretch, joined with
    // what earlier sessions played; not where the learner seeked to. (Chromium's
    // video.played cannot be used: after a seek made while paused, it reports the
    // stretch as starting from 0.)
    function bindVideo() {
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
        var merged = codec.mergeRanges(before.concat([[codec.seconds(Math.ceil(stretch[0])),
                                                       codec.seconds(Math.floor(stretch[1]))]]));
        if (JSON.stringify(merged) !== JSON.stringify(state.played)) {
          state.played = merged;
          t.changed();
        }
        if (codec.seconds(Math.floor(now)) !== state.at) {
          state.at = codec.seconds(Math.floor(now));
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
        if (d && isFinite(d) && codec.seconds(Math.floor(d)) !== state.length) {
          state.length = Math.max(1, codec.seconds(Math.floor(d)));
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
      ['pause', 'ended', 'seeked'].forEach(function (name) {
        video.addEventListener(name, function () { update(); if (t.isUnsaved()) { t.save(); } });
      });
    }

    // The embed's address is set when the learner first comes to the recording, with
    // its load listener already in place: the video site hears nothing from learners
    // who never open that section. If it has not loaded a while later it is probably
    // blocked: say so beside it.
    var embedTimer = null;
    function shown() {
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

    return { shown: shown, playedShare: function () { return video ? playedShare() : null; } };
  }

  return { bind: bind };
}));
