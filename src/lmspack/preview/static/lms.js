/* lmspack preview: a small LMS page. It offers the SCORM 1.2 (window.API) or SCORM 2004
   (window.API_1484_11) run-time to the module in its frame, logs every call with its
   arguments, return value and error code, shows the data model, and keeps the data in
   localStorage so that "Relaunch" resumes as an LMS would. It is an authoring aid:
   the test suite checks packages against scorm-again, a full run-time. */
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var config = null, version = null, key = null;
  var model = {}, session = 'idle', lastError = '0', calls = 0;

  // --- the data model: element patterns, access and value checks -------------------
  var DEC = /^-?\d{1,10}(\.\d{1,7})?$/;
  function vocab(words) { return function (v) { return words.indexOf(v) >= 0; }; }
  function decimal(lo, hi) {
    return function (v) { return DEC.test(v) && (lo === null || +v >= lo) && (hi === null || +v <= hi); };
  }
  function orEmpty(check) { return function (v) { return v === '' || check(v); }; }
  function maxLength(n) { return function (v) { return v.length <= n; }; }
  function any() { return true; }

  var SCORM12 = [
    ['cmi.core._children', 'r'], ['cmi.core.student_id', 'r'], ['cmi.core.student_name', 'r'],
    ['cmi.core.lesson_location', 'rw', maxLength(255)], ['cmi.core.credit', 'r'],
    ['cmi.core.lesson_status', 'rw', vocab(['passed', 'completed', 'failed', 'incomplete', 'browsed'])],
    ['cmi.core.entry', 'r'], ['cmi.core.score._children', 'r'],
    ['cmi.core.score.raw', 'rw', orEmpty(decimal(0, 100))], ['cmi.core.score.min', 'rw', orEmpty(decimal(0, 100))],
    ['cmi.core.score.max', 'rw', orEmpty(decimal(0, 100))], ['cmi.core.total_time', 'r'],
    ['cmi.core.lesson_mode', 'r'], ['cmi.core.exit', 'w', vocab(['time-out', 'suspend', 'logout', ''])],
    ['cmi.core.session_time', 'w', function (v) { return /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v); }],
    ['cmi.suspend_data', 'rw', maxLength(4096)], ['cmi.launch_data', 'r'],
    ['cmi.comments', 'rw', maxLength(4096)], ['cmi.comments_from_lms', 'r'],
    ['cmi.student_data._children', 'r'], ['cmi.student_data.mastery_score', 'r'],
    ['cmi.objectives._children', 'r'], ['cmi.objectives._count', 'r'],
    ['cmi.objectives.n.id', 'rw', maxLength(255)], ['cmi.objectives.n.score.raw', 'rw', decimal(0, 100)],
    ['cmi.objectives.n.score.min', 'rw', decimal(0, 100)], ['cmi.objectives.n.score.max', 'rw', decimal(0, 100)],
    ['cmi.objectives.n.status', 'rw', vocab(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'])],
    ['cmi.interactions._children', 'r'], ['cmi.interactions._count', 'r'],
    ['cmi.interactions.n.id', 'w', maxLength(255)], ['cmi.interactions.n.objectives._count', 'r'],
    ['cmi.interactions.n.objectives.n.id', 'w', maxLength(255)], ['cmi.interactions.n.time', 'w', any],
    ['cmi.interactions.n.type', 'w', vocab(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'])],
    ['cmi.interactions.n.correct_responses._count', 'r'],
    ['cmi.interactions.n.correct_responses.n.pattern', 'w', maxLength(255)],
    ['cmi.interactions.n.weighting', 'w', decimal(null, null)],
    ['cmi.interactions.n.student_response', 'w', maxLength(255)],
    ['cmi.interactions.n.result', 'w', function (v) { return /^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/.test(v); }],
    ['cmi.interactions.n.latency', 'w', any]
  ];
  var SCORM2004 = [
    ['cmi._version', 'r'], ['cmi.completion_status', 'rw', vocab(['completed', 'incomplete', 'not attempted', 'unknown'])],
    ['cmi.completion_threshold', 'r'], ['cmi.credit', 'r'], ['cmi.entry', 'r'],
    ['cmi.exit', 'w', vocab(['time-out', 'suspend', 'logout', 'normal', ''])],
    ['cmi.launch_data', 'r'], ['cmi.learner_id', 'r'], ['cmi.learner_name', 'r'],
    ['cmi.location', 'rw', maxLength(1000)], ['cmi.max_time_allowed', 'r'], ['cmi.mode', 'r'],
    ['cmi.progress_measure', 'rw', decimal(0, 1)], ['cmi.scaled_passing_score', 'r'],
    ['cmi.score._children', 'r'], ['cmi.score.scaled', 'rw', decimal(-1, 1)],
    ['cmi.score.raw', 'rw', decimal(null, null)], ['cmi.score.min', 'rw', decimal(null, null)],
    ['cmi.score.max', 'rw', decimal(null, null)],
    ['cmi.session_time', 'w', function (v) { return /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(v); }],
    ['cmi.success_status', 'rw', vocab(['passed', 'failed', 'unknown'])],
    ['cmi.suspend_data', 'rw', maxLength(64000)], ['cmi.time_limit_action', 'r'], ['cmi.total_time', 'r'],
    ['cmi.objectives._children', 'r'], ['cmi.objectives._count', 'r'],
    ['cmi.objectives.n.id', 'rw', maxLength(4000)], ['cmi.objectives.n.score._children', 'r'],
    ['cmi.objectives.n.score.scaled', 'rw', decimal(-1, 1)], ['cmi.objectives.n.score.raw', 'rw', decimal(null, null)],
    ['cmi.objectives.n.score.min', 'rw', decimal(null, null)], ['cmi.objectives.n.score.max', 'rw', decimal(null, null)],
    ['cmi.objectives.n.success_status', 'rw', vocab(['passed', 'failed', 'unknown'])],
    ['cmi.objectives.n.completion_status', 'rw', vocab(['completed', 'incomplete', 'not attempted', 'unknown'])],
    ['cmi.objectives.n.progress_measure', 'rw', decimal(0, 1)], ['cmi.objectives.n.description', 'rw', maxLength(250)],
    ['cmi.interactions._children', 'r'], ['cmi.interactions._count', 'r'],
    ['cmi.interactions.n.id', 'rw', maxLength(4000)],
    ['cmi.interactions.n.type', 'rw', vocab(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'])],
    ['cmi.interactions.n.objectives._count', 'r'], ['cmi.interactions.n.objectives.n.id', 'rw', maxLength(4000)],
    ['cmi.interactions.n.timestamp', 'rw', any], ['cmi.interactions.n.correct_responses._count', 'r'],
    ['cmi.interactions.n.correct_responses.n.pattern', 'rw', any], ['cmi.interactions.n.weighting', 'rw', decimal(null, null)],
    ['cmi.interactions.n.learner_response', 'rw', any],
    ['cmi.interactions.n.result', 'rw', function (v) { return /^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$/.test(v); }],
    ['cmi.interactions.n.latency', 'rw', any], ['cmi.interactions.n.description', 'rw', maxLength(250)],
    ['adl.nav.request', 'rw', any]
  ];

  // The error codes each standard defines, by meaning.
  var CODES = {
    scorm12: { general: '101', argument: '201', notInit: '301', undefined: '401', keyword: '402',
               readOnly: '403', writeOnly: '404', type: '405', range: '405', notSet: '0',
               again: '101', after: '101', index: '201' },
    scorm2004: { general: '101', argument: '201', notInit: '301', undefined: '401', keyword: '404',
                 readOnly: '404', writeOnly: '405', type: '406', range: '407', notSet: '403',
                 again: '103', after: '104', index: '351' }
  };
  var TEXT = {
    scorm12: { '0': 'No error', '101': 'General exception', '201': 'Invalid argument error',
      '202': 'Element cannot have children', '203': 'Element not an array - cannot have count',
      '301': 'Not initialized', '401': 'Not implemented error',
      '402': 'Invalid set value, element is a keyword', '403': 'Element is read only',
      '404': 'Element is write only', '405': 'Incorrect data type' },
    scorm2004: { '0': 'No error', '101': 'General exception', '103': 'Already initialized',
      '104': 'Content instance terminated', '112': 'Termination before initialization',
      '113': 'Termination after termination', '122': 'Retrieve data before initialization',
      '123': 'Retrieve data after termination', '132': 'Store data before initialization',
      '133': 'Store data after termination', '142': 'Commit before initialization',
      '143': 'Commit after termination', '201': 'General argument error',
      '301': 'General get failure', '351': 'General set failure',
      '401': 'Undefined data model element', '403': 'Data model element value not initialized',
      '404': 'Data model element is read only', '405': 'Data model element is write only',
      '406': 'Data model element type mismatch', '407': 'Data model element value out of range' }
  };
  function text(code) { return TEXT[config.standard][code] || ''; }

  function spec(element) {
    var generic = element.replace(/\.\d+\./g, '.n.');
    var table = config.standard === 'scorm12' ? SCORM12 : SCORM2004;
    for (var i = 0; i < table.length; i++) if (table[i][0] === generic) return table[i];
    return null;
  }

  function counted(prefix) {  // how many n exist under prefix (cmi.interactions.)
    var n = 0;
    Object.keys(model).forEach(function (k) {
      if (k.indexOf(prefix) === 0) {
        var m = /^(\d+)\./.exec(k.slice(prefix.length));
        if (m) n = Math.max(n, +m[1] + 1);
      }
    });
    return n;
  }

  function getValue(element) {
    var c = CODES[config.standard];
    if (element === '') return fail(config.standard === 'scorm12' ? '201' : '301');
    var s = spec(element);
    if (!s) return fail(c.undefined);
    if (/\._count$/.test(element)) return ok(String(counted(element.slice(0, -6))));
    if (/\._children$/.test(element)) {
      var prefix = element.slice(0, -9), kids = {};
      (config.standard === 'scorm12' ? SCORM12 : SCORM2004).forEach(function (row) {
        if (row[0].indexOf(prefix) === 0) kids[row[0].slice(prefix.length).split('.')[0]] = 1;
      });
      delete kids._children;
      return ok(Object.keys(kids).join(','));
    }
    if (s[1] === 'w') return fail(c.writeOnly);
    if (!(element in model)) {
      return config.standard === 'scorm2004' && /^cmi\.(interactions|objectives)\./.test(element)
        ? fail(c.notSet) : ok('');
    }
    return ok(model[element]);
  }

  function setValue(element, value) {
    var c = CODES[config.standard];
    value = String(value);
    if (element === '') return fail(config.standard === 'scorm12' ? '201' : '351');
    if (/\._(count|children|version)$/.test(element)) return fail(c.keyword);
    var s = spec(element);
    if (!s) return fail(c.undefined);
    if (s[1] === 'r') return fail(c.readOnly);
    var m = /^(cmi\.(?:interactions|objectives))\.(\d+)\./.exec(element);
    if (m && +m[2] > counted(m[1] + '.')) return fail(c.index);  // indexes grow one at a time
    if (s[2] && !s[2](value)) return fail(DEC.test(value) && /score|measure/.test(element) ? c.range : c.type);
    model[element] = value;
    return ok('true');
  }

  // --- sessions ----------------------------------------------------------------------
  function ok(v) { lastError = '0'; return v; }
  function fail(code) { lastError = code; return code === '0' || /GetValue$/.test(current) ? '' : 'false'; }
  var current = '';

  function initialize() {
    var c = CODES[config.standard];
    if (session === 'running') return fail(c.again);
    if (session === 'ended') return fail(config.standard === 'scorm12' ? c.general : c.after);
    session = 'running';
    return ok('true');
  }

  function persist() { try { localStorage.setItem(key, JSON.stringify(model)); } catch (e) { /* full */ } }

  function commit() {
    if (session !== 'running') return fail(config.standard === 'scorm12' ? '301' : (session === 'idle' ? '142' : '143'));
    persist();
    return ok('true');
  }

  function finish() {
    if (session !== 'running') return fail(config.standard === 'scorm12' ? '301' : (session === 'idle' ? '112' : '113'));
    session = 'ended';
    var time = config.standard === 'scorm12' ? 'cmi.core.session_time' : 'cmi.session_time';
    model['lmspack.last_session_time'] = model[time] || '';
    persist();
    return ok('true');
  }

  function guard(kind) {
    if (session === 'running') return null;
    if (config.standard === 'scorm12') return '301';
    return { get: session === 'idle' ? '122' : '123', set: session === 'idle' ? '132' : '133' }[kind];
  }

  function record(name, args, fn) {
    current = name;
    var result = fn();
    calls += 1;
    var row = { n: calls, call: name + '(' + args.map(function (a) { return JSON.stringify(String(a)); }).join(', ') + ')',
                returned: JSON.stringify(result), error: lastError };
    window.lmspackLog.push(row);
    addRow(row);
    showModel();
    return result;
  }

  function api12() {
    return {
      LMSInitialize: function (a) { return record('LMSInitialize', [a], function () { return a === '' ? initialize() : fail('201'); }); },
      LMSFinish: function (a) { return record('LMSFinish', [a], function () { return a === '' ? finish() : fail('201'); }); },
      LMSGetValue: function (e) { return record('LMSGetValue', [e], function () { var g = guard('get'); return g ? fail(g) : getValue(e); }); },
      LMSSetValue: function (e, v) { return record('LMSSetValue', [e, v], function () { var g = guard('set'); return g ? fail(g) : setValue(e, v); }); },
      LMSCommit: function (a) { return record('LMSCommit', [a], function () { return a === '' ? commit() : fail('201'); }); },
      LMSGetLastError: function () { return lastError; },
      LMSGetErrorString: function (code) { return text(code); },
      LMSGetDiagnostic: function (code) { return text(code || lastError); }
    };
  }

  function api2004() {
    return {
      Initialize: function (a) { return record('Initialize', [a], function () { return a === '' ? initialize() : fail('201'); }); },
      Terminate: function (a) { return record('Terminate', [a], function () { return a === '' ? finish() : fail('201'); }); },
      GetValue: function (e) { return record('GetValue', [e], function () { var g = guard('get'); return g ? fail(g) : getValue(e); }); },
      SetValue: function (e, v) { return record('SetValue', [e, v], function () { var g = guard('set'); return g ? fail(g) : setValue(e, v); }); },
      Commit: function (a) { return record('Commit', [a], function () { return a === '' ? commit() : fail('201'); }); },
      GetLastError: function () { return lastError; },
      GetErrorString: function (code) { return text(code); },
      GetDiagnostic: function (code) { return text(code || lastError); }
    };
  }

  // What an LMS sets before each launch: the learner, the mode and where to resume.
  function launchValues(stored) {
    var s12 = config.standard === 'scorm12';
    var exitKey = s12 ? 'cmi.core.exit' : 'cmi.exit';
    var suspended = stored && stored[exitKey] === 'suspend';
    var data = stored && (s12 || suspended) ? stored : {};  // 2004: a new attempt unless suspended
    var fixed = s12 ? {
      'cmi.core.student_id': 'preview', 'cmi.core.student_name': 'Learner, Preview',
      'cmi.core.credit': 'credit', 'cmi.core.lesson_mode': 'normal',
      'cmi.core.entry': suspended ? 'resume' : (stored ? '' : 'ab-initio'),
      'cmi.core.total_time': '0000:00:00', 'cmi.launch_data': '', 'cmi.comments_from_lms': '',
      'cmi.student_data.mastery_score': String(config.passMark)
    } : {
      'cmi._version': '1.0', 'cmi.learner_id': 'preview', 'cmi.learner_name': 'Learner, Preview',
      'cmi.credit': 'credit', 'cmi.mode': 'normal', 'cmi.entry': suspended ? 'resume' : 'ab-initio',
      'cmi.total_time': 'PT0S', 'cmi.launch_data': '', 'cmi.scaled_passing_score': String(config.passMark / 100)
    };
    var out = {};
    Object.keys(data).forEach(function (k) { out[k] = data[k]; });
    Object.keys(fixed).forEach(function (k) { out[k] = fixed[k]; });
    if (s12 && !('cmi.core.lesson_status' in out)) out['cmi.core.lesson_status'] = 'not attempted';
    if (!s12 && !('cmi.completion_status' in out)) out['cmi.completion_status'] = 'unknown';
    if (!s12 && !('cmi.success_status' in out)) out['cmi.success_status'] = 'unknown';
    delete out[exitKey];
    return out;
  }

  function launch(why) {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { stored = null; }
    model = launchValues(stored);
    session = 'idle';
    lastError = '0';
    note(why + (config.runtime ? ' (entry "' + (model['cmi.core.entry'] || model['cmi.entry'] || '') + '")' : ''));
    showModel();
    $('sco').src = '/sco/' + config.launch + '?v=' + version;
  }

  // Before the frame unloads, its page finishes its session (pagehide): wait for that.
  function relaunch(why, forget) {
    var frame = $('sco');
    frame.addEventListener('load', function onBlank() {
      frame.removeEventListener('load', onBlank);
      if (forget) localStorage.removeItem(key);
      launch(why);
    });
    frame.src = 'about:blank';
  }

  // --- the page -----------------------------------------------------------------------
  function cell(tr, text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); }

  function addRow(row) {
    var tr = document.createElement('tr');
    if (row.error !== '0') tr.className = 'failed';
    cell(tr, row.n); cell(tr, row.call); cell(tr, row.returned);
    cell(tr, row.error === '0' ? '0' : row.error + ' ' + text(row.error));
    $('log').appendChild(tr);
    var box = $('log').closest('section');
    box.scrollTop = box.scrollHeight;
  }

  function note(text) {
    window.lmspackLog.push({ note: text });
    var tr = document.createElement('tr');
    tr.className = 'note';
    var td = document.createElement('td');
    td.colSpan = 4;
    td.textContent = '— ' + text + ' —';
    tr.appendChild(td);
    $('log').appendChild(tr);
    $('status').textContent = text;
  }

  function showModel() {
    var body = $('model');
    body.textContent = '';
    Object.keys(model).sort().forEach(function (k) {
      if (k.indexOf('lmspack.') === 0) return;
      var tr = document.createElement('tr');
      tr.dataset.element = k;
      cell(tr, k); cell(tr, model[k]);
      body.appendChild(tr);
    });
  }

  function showProblems(problems) {
    var box = $('problems');
    box.hidden = !problems.length;
    box.textContent = problems.length ? 'The last change did not build; the module shown is the last good build.\n\n' + problems.join('\n') : '';
  }

  function poll() {
    fetch('/__lmspack/state', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      showProblems(s.problems);
      if (s.version !== version) {
        config = s;
        version = s.version;
        relaunch('rebuilt at ' + new Date().toLocaleTimeString('en-GB') + ': relaunched with the stored data');
      }
    }).catch(function () { $('status').textContent = 'The preview server has stopped.'; })
      .then(function () { setTimeout(poll, 700); });
  }

  window.lmspackLog = [];
  fetch('/__lmspack/state', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
    config = s;
    version = s.version;
    key = 'lmspack-preview:' + s.course + ':' + s.standard;
    document.title = s.title + ' — lmspack preview';
    $('title').textContent = s.title;
    $('standard').textContent = s.label + (s.runtime ? '' : ': no run-time, nothing is tracked');
    if (s.standard === 'scorm12') window.API = api12();
    if (s.standard === 'scorm2004') window.API_1484_11 = api2004();
    $('relaunch').addEventListener('click', function () { relaunch('relaunched with the stored data'); });
    $('reset').addEventListener('click', function () { relaunch('attempt reset: a new attempt', true); });
    showProblems(s.problems);
    launch('launched');
    setTimeout(poll, 700);
  });
}());
