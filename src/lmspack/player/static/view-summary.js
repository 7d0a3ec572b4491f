/* lmspack player: the summary: the status, what is still to do, and the
 * reflection record, which the learner can print or download as text.
 */
(function (ns) {
  'use strict';
  var rules = ns.rules || require('./rules.js').rules;
  var keeper = ns.keeper || require('./keeper.js').keeper;

  var MESSAGES = {
    passed: 'You have completed this module and passed the knowledge check.',
    completed: 'You have completed this module.',
    failed: 'You have done every activity, but your knowledge check score is below the pass mark. ' +
            'You can try the questions again.',
    incomplete: 'You have not finished this module yet.',
  };  var FAILED_ENDED = 'You have done every activity, but your knowledge check score is below the pass mark. ' +
    'This attempt has ended: to try the questions again, start a new attempt of this module from ' +
    'your learning platform, if it allows one.';

  function longDate(iso) {
    var p = iso.split('-');
    try {
      return new Date(p[0], p[1] - 1, p[2]).toLocaleDateString(document.documentElement.lang || undefined,
                                                               { day: 'numeric', month: 'long', year: 'numeric' });
    } catch (e) { return iso; }
  }

  // The record as plain text, from what the page shows: headings underlined,
  // terms and their answers, list items with a dash.
  function recordText(record) {
    var lines = [], text = (el) => el.textContent.replace(/[ \t]+/g, ' ').trim();
    function walk(el) {
      if (el.hidden) { return; }
      var tag = el.tagName.toLowerCase();
      if (tag === 'h3' || tag === 'h4') {
        lines.push('', text(el), text(el).replace(/./g, tag === 'h3' ? '=' : '-'));
      } else if (tag === 'dl' && el.classList.contains('facts')) {
        el.querySelectorAll('div').forEach((row) => {
          if (!row.hidden) { lines.push(text(row.querySelector('dt')) + ': ' + text(row.querySelector('dd'))); }
        });
      } else if (tag === 'dl') {
        el.querySelectorAll('dt').forEach((dt) => { lines.push(text(dt), dt.nextElementSibling.textContent.trim(), ''); });
      } else if (tag === 'ul') {
        el.querySelectorAll('li').forEach((li) => { lines.push('- ' + text(li)); });
      } else if (tag === 'p') {
        lines.push(text(el));
      } else {
        Array.prototype.forEach.call(el.children, walk);
      }
    }
    walk(record);
    return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
  }

  // ctx: course, state, keeper, session, dom, go, learnerName, views.recording (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, $ = ctx.dom.$, make = ctx.dom.make;
    var passMark = course.completion.passMark;

    function pair(dl, term, text) {
      dl.appendChild(make('dt', term));
      dl.appendChild(make('dd', text, 'learner-text'));
    }

    function renderRecord(out) {
      $('record-learner-row').hidden = !ctx.learnerName;
      $('record-learner').textContent = ctx.learnerName;
      $('record-completed').textContent = state.doneOn ? longDate(state.doneOn)
        : ctx.keeper.doneAtStart() ? 'Yes (the date was not recorded).'
        : out.status === 'failed' ? 'Not yet: the knowledge check score is below the pass mark.'
          : 'Not yet.';
      var share = ctx.views.recording.playedShare();
      var played = share === null ? '' : ' (' + Math.floor(share * 100) + '% played)';
      $('record-recording').textContent = state.watched === 2 ? 'Read the transcript.'
        : state.watched === 1 ? 'Watched' + played + '.' : 'Not watched yet' + played + '.';

      var dl = $('summary-reflections'), action = $('record-action'), c = course.confidence;
      dl.textContent = '';
      action.textContent = '';
      course.reflections.forEach((r) => {
        pair(r.action ? action : dl, r.prompt, (state.reflections[r.id] || '').trim() || 'Not answered yet.');
      });
      $('record-action-block').hidden = !action.childNodes.length;
      if (c) {
        var label = (c.scale.filter((s) => s[0] === state.confidence)[0] || [0, ''])[1];
        pair(dl, c.prompt, state.confidence === null ? 'Not answered yet.'
          : state.confidence + ' out of ' + c.scale.length + ' (' + label + ')');
      }
      var g = out.score;
      $('summary-score').textContent = g
        ? g.correct + ' of ' + g.total + ' correct (' + g.percent + '%). The pass mark is ' +
          passMark + '%: ' + (rules.passed(course, g) ? 'passed.' : 'not passed yet.')
        : 'Not done yet. The pass mark is ' + passMark + '%.';
    }

    function shown() {
      var out = rules.outcome(course, state), items = rules.todo(course, state);
      var status = $('summary-status'), list = $('summary-todo');
      var ended = ctx.keeper.isEnded() && ctx.session.recording;
      status.textContent = (ended && out.status === 'failed' ? FAILED_ENDED : MESSAGES[out.status]) +
        (ctx.session.recording ? '' : ' Your progress is not being recorded by a learning platform.');
      status.className = 'result-panel result-panel--' + out.status;
      list.textContent = '';
      if (!items.length) { list.appendChild(make('li', 'Nothing: every activity is done.')); }
      items.forEach((item) => {
        var a = make('a', item[1]);
        a.href = '#' + item[0];
        a.addEventListener('click', (ev) => { ev.preventDefault(); ctx.go(item[0]); });
        list.appendChild(make('li')).appendChild(a);
      });
      $('summary-left').hidden = !items.length;
      var cut = ctx.keeper.shortened().length;
      $('summary-shortened').hidden = !cut;
      $('summary-shortened').textContent = !cut ? '' : 'Your learning platform keeps only the first ' +
        course.limits.response + ' characters of ' + (cut === 1 ? 'one of your reflections' : cut + ' of your reflections') +
        ' in its reports, so it holds a shortened copy ending in "\u2026". Your full text is saved with ' +
        'your progress and is in the reflection record below.';
      renderRecord(out);
    }

    function download() {
      shown();
      var a = make('a');
      a.href = URL.createObjectURL(new Blob([recordText($('record'))], { type: 'text/plain;charset=utf-8' }));
      a.download = 'reflection-record-' + course.id + '-' + keeper.isoDay(new Date()) + '.txt';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(() => { URL.revokeObjectURL(a.href); }, 60 * 1000);
    }

    $('print-record').addEventListener('click', () => { shown(); window.print(); });
    $('download-record').addEventListener('click', download);
    return { shown: shown };
  }

  (ns.views = ns.views || {}).summary = { bind: bind };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
