/* lmspack player: the summary: the status, what is still to do, and the
 * reflection record, which the learner can print or download as text.
 */
(function (root, factory) {
  'use strict';
  var node = typeof module === 'object' && module.exports;
  var api = node ? factory(require('./rules.js'), require('./keeper.js'))
    : factory(root.lmspack.rules, root.lmspack.keeper);
  if (node) { module.exports = api; }
  else { ((root.lmspack = root.lmspack || {}).views = root.lmspack.views || {}).summary = api; }
}(this, function (rules, keeper) {
  'use strict';

  var MESSAGES = {
    passed: 'You have completed this module and passed the knowledge check.',
    completed: 'You have completed this module.',
    failed: 'You have done every activity, but your knowledge check score is below the pass mark. ' +
            'You can try the questions again.',
    incomplete: 'You have not finished this module yet.',
  };

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

  // The record as plain text, from what the page shows: headings underlined,
  // terms and their answers, list items with a dash.
  function recordText(record) {
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
    walk(record);
    return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
  }

  // ctx: course, state, keeper, session, dom, go, learnerName, views.recording (see app.js).
  function bind(ctx) {
    var course = ctx.course, state = ctx.state, $ = ctx.dom.$;
    var passMark = course.completion.passMark;

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
          passMark + '%: ' + (rules.passed(course, g) ? 'passed.' : 'not passed yet.')
        : 'Not done yet. The pass mark is ' + passMark + '%.';
    }

    function shown() {
      var out = rules.outcome(course, state), items = rules.todo(course, state);
      var status = $('summary-status');
      status.textContent = MESSAGES[out.status] +
        (ctx.session.recording ? '' : ' Your progress is not being recorded by a learning platform.');
      status.className = 'result-panel result-panel--' + out.status;

      var list = $('summary-todo');
      list.textContent = '';
      if (!items.length) {
        var none = document.createElement('li');
        none.textContent = 'Nothing: every activity is done.';
        list.appendChild(none);
      }
      items.forEach(function (item) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = '#' + item[0];
        a.textContent = item[1];
        a.addEventListener('click', function (ev) { ev.preventDefault(); ctx.go(item[0]); });
        li.appendChild(a);
        list.appendChild(li);
      });

      $('summary-left').hidden = !items.length;
      renderRecord(out);
    }

    function download() {
      shown();
      var blob = new Blob([recordText($('record'))], { type: 'text/plain;charset=utf-8' });
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'reflection-record-' + course.id + '-' + keeper.isoDay(new Date()) + '.txt';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60 * 1000);
    }

    $('print-record').addEventListener('click', function () { shown(); window.print(); });
    $('download-record').addEventListener('click', download);
    return { shown: shown };
  }

  return { bind: bind };
}));
