/* A SCORM 1.2 and 2004 run-time for the test LMS that behaves as Moodle 4.5's does
 * (the "moodle" profile of tests/e2e/lms.html). Our own code: it implements the rules
 * that Moodle 4.5.6's mod/scorm/datamodels/scorm_12.js and scorm_13.js apply, as read in
 * that release (facts also in /work/shared/notes/moodle.md); nothing of Moodle is copied.
 *
 * - Each element's access (read-only, write-only) and value rule, with Moodle's error
 *   codes: SCORM 1.2 refuses with 201/402/403/404/405, SCORM 2004 with 351/401/404/405/
 *   406/407/408. SCORM 1.2 strings (lesson_location, student_response, correct_responses
 *   patterns) take 64,000 characters, and suspend_data and comments too; in "SCORM
 *   standards mode" (site setting scorm/scormstandard, scorm_12.php) 255 and 4,096: a
 *   longer value is refused with 405 and the old value stays. Lengths count UTF-16 units,
 *   as Moodle's patterns do. SCORM 2004 responses follow the interaction's type
 *   (scorm_13.js learner_response and correct_responses tables) and may hold no line
 *   break (its first check is '^.*$'); long-fill-in and fill-in texts have no effective
 *   length limit there (their patterns always match an empty prefix).
 * - Values stay in the browser until LMSCommit/Commit or LMSFinish/Terminate, which send
 *   what changed (scorm_12.js/scorm_13.js CollectData) to the test server; SCORM 1.2's
 *   session_time is not sent, total_time is added to on finish (AddTime), and on finish a
 *   status of "not attempted" becomes "completed" and, with "mastery score overrides
 *   status" on (Moodle's default), a raw score decides passed or failed against
 *   adlcp:masteryscore. SCORM 2004 sends session_time and, on Terminate, total_time.
 * - While the LMS page is being unloaded or hidden (beforeunload, unload, pagehide,
 *   visibilitychange; mod/scorm/request.js), and when the synchronous request fails, the
 *   data goes with navigator.sendBeacon instead: what arrives at the server is stored.
 *   Uncommitted values are lost; Moodle itself sends nothing on unload.
 * - The launch data is what Moodle seeds from its stored tracks (scorm_12lib.php,
 *   scorm_13lib.php get_scorm_default): every track for SCORM 1.2; for SCORM 2004 only
 *   when the last exit was "suspend". entry is ab-initio with no status, resume after a
 *   suspend, else empty. The learner's name is "Firstname Lastname", or "Lastname,
 *   Firstname" in standards mode.
 * Stored element names keep dots (Moodle writes cmi.interactions_0.id; the data is the
 * same). Not modelled: sequencing, the TOC, autocommit (off by default), browse mode.
 */
(function (root) {
  'use strict';

  // ----- value rules, shared ------------------------------------------------------
  var LINE_BREAK = /[\n\r\u2028\u2029]/;
  function upTo(n) { return function (v) { return v.length <= n; }; }
  function test(rx) { return function (v) { return rx.test(v); }; }
  function oneOf(words) { return function (v) { return words.indexOf(v) >= 0; }; }

  function api(kind, opts) {
    var log = opts.log || function () {};
    var self = { sent: 0, beacons: 0 };
    var unloading = false;
    ['beforeunload', 'unload', 'pagehide'].forEach(function (name) {
      root.addEventListener(name, function () { unloading = true; });
    });
    root.addEventListener('pageshow', function () { unloading = false; });
    root.addEventListener('visibilitychange', function () {
      unloading = root.document.visibilityState === 'hidden';
    });
    function beacon(pairs) {
      var body = new root.URLSearchParams();
      pairs.forEach(function (p) { body.append(p[0], p[1]); });
      self.sent += 1;
      self.beacons += 1;
      log('store:beacon');
      return root.navigator.sendBeacon(opts.storeUrl + '&api=beacon', body) ? 'true' : 'false';
    }
    // Sends what changed; answers "true" or "false" as Moodle's datamodel.php does.
    self.store = function (pairs) {
      if (unloading && root.navigator.sendBeacon) { return beacon(pairs); }
      var body = new root.URLSearchParams();
      pairs.forEach(function (p) { body.append(p[0], p[1]); });
      try {
        var req = new root.XMLHttpRequest();
        req.open('POST', opts.storeUrl, false);
        req.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
        req.send(body.toString());
        self.sent += 1;
        log('store:xhr');
        return req.status === 200 ? req.responseText.split('\n')[0] : 'false';
      } catch (e) {
        return root.navigator.sendBeacon ? beacon(pairs) : 'false';
      }
    };
    return kind === 'scorm12' ? scorm12(self, opts, log) : scorm2004(self, opts, log);
  }

  // Collections: 'cmi.interactions.3.id' -> the model 'cmi.interactions.n.id'.
  function model(element) { return element.replace(/\.\d+(?=\.)/g, '.n'); }
  function tracksOf(tracks, keep) {
    var out = {};
    Object.keys(tracks || {}).forEach(function (k) { if (keep(k)) { out[k] = tracks[k]; } });
    return out;
  }
  // The _count of each collection named in the values ('cmi.interactions.0.id' counts 1
  // for cmi.interactions, and so on for nested collections).
  function countsOf(values) {
    var counts = {};
    Object.keys(values).forEach(function (k) {
      var parts = k.split('.');
      for (var i = 1; i < parts.length - 1; i += 1) {
        if (/^\d+$/.test(parts[i])) {
          var owner = parts.slice(0, i).join('.');
          counts[owner] = Math.max(counts[owner] || 0, parseInt(parts[i], 10) + 1);
        }
      }
    });
    return counts;
  }
  function learnerName(opts) {
    var l = opts.learner || { first: 'Test', last: 'Learner' };
    return opts.standards ? l.last + ', ' + l.first : l.first + ' ' + l.last;
  }
  function entryOf(status, exit) {
    return status === '' ? 'ab-initio' : exit === 'suspend' ? 'resume' : '';
  }

  // ----- SCORM 1.2 (scorm_12.js) ---------------------------------------------------
  function scorm12(self, opts, log) {
    var s256 = upTo(opts.standards ? 255 : 64000), s4096 = upTo(opts.standards ? 4096 : 64000);
    var decimal = test(/^-?\d{0,3}(\.\d*)?$/), timespan = test(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    var ident = test(/^[\x21-\x7e]{0,255}$/);
    var status = oneOf(['passed', 'completed', 'failed', 'incomplete', 'browsed']);
    var R = 'r', W = 'w', RW = 'rw';
    // element model -> [access, rule, range]; a rule-less 'r' element is a keyword when
    // its name ends in _children, _count or _version (error 402, else 403).
    var rules = {
      'cmi.core.student_id': [R], 'cmi.core.student_name': [R], 'cmi.core.credit': [R],
      'cmi.core.entry': [R], 'cmi.core.total_time': [R], 'cmi.core.lesson_mode': [R],
      'cmi.core.lesson_location': [RW, s256],
      'cmi.core.lesson_status': [RW, status],
      'cmi.core.score.raw': [RW, decimal, [0, 100]], 'cmi.core.score.min': [RW, decimal, [0, 100]],
      'cmi.core.score.max': [RW, decimal, [0, 100]],
      'cmi.core.exit': [W, oneOf(['time-out', 'suspend', 'logout', ''])],
      'cmi.core.session_time': [W, timespan],
      'cmi.suspend_data': [RW, s4096], 'cmi.launch_data': [R], 'cmi.comments': [RW, s4096],
      'cmi.comments_from_lms': [R],
      'cmi.objectives.n.id': [RW, ident],
      'cmi.objectives.n.score.raw': [RW, decimal, [0, 100]],
      'cmi.objectives.n.score.min': [RW, decimal, [0, 100]],
      'cmi.objectives.n.score.max': [RW, decimal, [0, 100]],
      'cmi.objectives.n.status': [RW, oneOf(['passed', 'completed', 'failed', 'incomplete',
                                             'browsed', 'not attempted'])],
      'cmi.student_data.mastery_score': [R], 'cmi.student_data.max_time_allowed': [R],
      'cmi.student_data.time_limit_action': [R],
      'cmi.student_preference.audio': [RW, test(/^-?\d+$/), [-1, 100]],
      'cmi.student_preference.language': [RW, s256],
      'cmi.student_preference.speed': [RW, test(/^-?\d+$/), [-100, 100]],
      'cmi.student_preference.text': [RW, test(/^-?\d+$/), [-1, 1]],
      'cmi.interactions.n.id': [W, ident],
      'cmi.interactions.n.objectives.n.id': [W, ident],
      'cmi.interactions.n.time': [W, test(/^[0-2]\d:[0-5]\d:[0-5]\d(\.\d{1,2})?$/)],
      'cmi.interactions.n.type': [W, oneOf(['true-false', 'choice', 'fill-in', 'matching',
                                            'performance', 'sequencing', 'likert', 'numeric'])],
      'cmi.interactions.n.correct_responses.n.pattern': [W, s256],
      'cmi.interactions.n.weighting': [W, decimal, [-100, 100]],
      'cmi.interactions.n.student_response': [W, s256],
      'cmi.interactions.n.result': [W, function (v) {
        return /^(correct|wrong|unanticipated|neutral)$/.test(v) || /^(\d{0,3})?(\.\d*)?$/.test(v);
      }],
      'cmi.interactions.n.latency': [W, timespan],
      'nav.event': [W, oneOf(['previous', 'continue'])],
    };
    var children = {
      'cmi._children': 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions',
      'cmi._version': '3.4',
      'cmi.core._children': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
      'cmi.core.score._children': 'raw,min,max',
      'cmi.objectives._children': 'id,score,status',
      'cmi.student_data._children': 'mastery_score,max_time_allowed,time_limit_action',
      'cmi.student_preference._children': 'audio,language,speed,text',
      'cmi.interactions._children': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency',
    };
    var collections = ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives',
                       'cmi.interactions.n.correct_responses'];
    var tracks = opts.tracks || {};
    function track(k, fallback) { return k in tracks ? tracks[k] : fallback; }
    var launch = {
      'cmi.core.student_id': 'learner-1', 'cmi.core.student_name': learnerName(opts),
      'cmi.core.credit': 'credit', 'cmi.core.lesson_mode': 'normal',
      'cmi.core.entry': entryOf(track('cmi.core.lesson_status', ''), track('cmi.core.exit', '')),
      'cmi.core.total_time': track('cmi.core.total_time', '00:00:00'),
      'cmi.launch_data': '', 'cmi.comments_from_lms': '',
      'cmi.student_data.mastery_score': opts.masteryScore === undefined || opts.masteryScore === null ? ''
        : String(opts.masteryScore),
      'cmi.student_data.max_time_allowed': '', 'cmi.student_data.time_limit_action': '',
      'cmi.student_preference.audio': '0', 'cmi.student_preference.speed': '0',
      'cmi.student_preference.text': '0', 'cmi.student_preference.language': '',
      'cmi.core.session_time': '00:00:00',
    };
    ['cmi.core.lesson_location', 'cmi.core.lesson_status', 'cmi.core.score.raw',
     'cmi.core.score.min', 'cmi.core.score.max', 'cmi.core.exit', 'cmi.suspend_data',
     'cmi.comments'].forEach(function (k) { launch[k] = track(k, ''); });
    Object.keys(tracksOf(tracks, function (k) { return /^cmi\.(interactions|objectives)\.\d/.test(k); }))
      .forEach(function (k) { launch[k] = tracks[k]; });
    if (launch['cmi.core.lesson_status'] === '') { launch['cmi.core.lesson_status'] = 'not attempted'; }

    var values, counts, committed = {}, initialized = false, error = '0';
    function reset() {
      values = {};
      Object.keys(launch).forEach(function (k) { values[k] = launch[k]; });
      Object.keys(committed).forEach(function (k) { values[k] = committed[k]; });
      counts = countsOf(values);
    }
    var sentValues = {};
    Object.keys(launch).forEach(function (k) { sentValues[k] = launch[k]; });

    function storeData(finishing) {
      if (finishing) {
        if (values['cmi.core.lesson_status'] === 'not attempted') {
          values['cmi.core.lesson_status'] = 'completed';
        }
        var mastery = values['cmi.student_data.mastery_score'], raw = values['cmi.core.score.raw'];
        if (opts.masteryOverride !== false && mastery !== '' && raw !== '') {
          values['cmi.core.lesson_status'] = parseFloat(raw) >= parseFloat(mastery) ? 'passed' : 'failed';
        }
      }
      var pairs = [];
      Object.keys(values).forEach(function (k) {
        var r = rules[model(k)];
        if (!r || r[0] === 'r' || k === 'cmi.core.session_time') { return; }
        if (!(k in sentValues) || sentValues[k] !== values[k]) { pairs.push([k, values[k]]); }
      });
      if (finishing) {
        pairs.push(['cmi.core.total_time', addTime(values['cmi.core.total_time'],
                                                   values['cmi.core.session_time'])]);
      }
      var result = self.store(pairs);
      if (result === 'true') {
        pairs.forEach(function (p) { sentValues[p[0]] = p[1]; committed[p[0]] = p[1]; });
      }
      return result;
    }
    function addTime(a, b) { // HHHH:MM:SS.SS + HHHH:MM:SS.SS, as hours:minutes:seconds
      function cs(t) {
        var p = t.split(':');
        return Math.round(((parseInt(p[0], 10) * 60 + parseInt(p[1], 10)) * 60 + parseFloat(p[2])) * 100);
      }
      var t = cs(a) + cs(b), h = Math.floor(t / 360000), m = Math.floor(t / 6000) % 60;
      var sec = Math.floor(t / 100) % 60, c = t % 100;
      function two(n) { return (n < 10 ? '0' : '') + n; }
      return two(h) + ':' + two(m) + ':' + two(sec) + (c ? '.' + two(c) : '');
    }

    function LMSInitialize(param) {
      log('LMSInitialize');
      reset(); // Moodle re-reads its launch data on every call, accepted or not
      if (param !== '') { error = '201'; return 'false'; }
      if (initialized) { error = '101'; return 'false'; }
      initialized = true;
      error = '0';
      return 'true';
    }
    function LMSFinish(param) {
      log('LMSFinish');
      if (param !== '') { error = '201'; return 'false'; }
      if (!initialized) { error = '301'; return 'false'; }
      initialized = false;
      var result = storeData(true) === 'true' ? 'true' : 'false';
      error = result === 'true' ? '0' : '101';
      return result;
    }
    function LMSCommit(param) {
      log('LMSCommit');
      if (param !== '') { error = '201'; return 'false'; }
      if (!initialized) { error = '301'; return 'false'; }
      var result = storeData(false) === 'true' ? 'true' : 'false';
      error = result === 'true' ? '0' : '101';
      return result;
    }
    function isCount(m) { return /\._count$/.test(m) && collections.indexOf(m.slice(0, -7)) >= 0; }
    function LMSGetValue(element) {
      error = '0';
      if (!initialized) { error = '301'; return ''; }
      element = String(element);
      var m = model(element);
      if (isCount(m)) { return String(counts[element.slice(0, -7)] || 0); }
      if (m in children) { return children[m]; }
      var r = rules[m];
      if (!r) {
        var parent = m.replace(/\.(_children|_count)$/, '');
        error = parent !== m && (rules[parent] || collections.indexOf(parent) >= 0)
          ? (/_children$/.test(m) ? '202' : '203') : '201';
        return '';
      }
      if (r[0] === 'w') { error = '404'; return ''; }
      return element in values ? values[element] : '';
    }
    function LMSSetValue(element, value) {
      error = '0';
      if (!initialized) { error = '301'; return 'false'; }
      element = String(element);
      value = String(value);
      var m = model(element), r = rules[m];
      if (isCount(m) || m in children) { error = '402'; return 'false'; }
      if (!r) { error = '201'; return 'false'; }
      if (r[0] === 'r') { error = '403'; return 'false'; }
      if (!r[1](value)) { error = '405'; return 'false'; }
      // A collection's next index adds an entry; one past it is refused.
      var parts = element.split('.');
      for (var i = 1; i < parts.length - 1; i += 1) {
        if (/^\d+$/.test(parts[i])) {
          var owner = parts.slice(0, i).join('.'), n = parseInt(parts[i], 10);
          if (n === (counts[owner] || 0)) { counts[owner] = n + 1; }
          if (n > (counts[owner] || 0)) { error = '201'; return 'false'; }
        }
      }
      if (r[2] && !(Number(value) >= r[2][0] && Number(value) <= r[2][1])) {
        error = '405';
        return 'false';
      }
      values[element] = element === 'cmi.comments' ? values[element] + value : value;
      return 'true';
    }
    var strings = { '0': 'No error', '101': 'General exception', '201': 'Invalid argument error',
      '202': 'Element cannot have children', '203': 'Element not an array - cannot have count',
      '301': 'Not initialized', '401': 'Not implemented error',
      '402': 'Invalid set value, element is a keyword', '403': 'Element is read only',
      '404': 'Element is write only', '405': 'Incorrect data type' };
    reset();
    self.LMSInitialize = LMSInitialize;
    self.LMSFinish = LMSFinish;
    self.LMSGetValue = LMSGetValue;
    self.LMSSetValue = LMSSetValue;
    self.LMSCommit = LMSCommit;
    self.LMSGetLastError = function () { return error; };
    self.LMSGetErrorString = function (code) { return code === '' ? '' : strings[code]; };
    self.LMSGetDiagnostic = function (code) { return code === '' ? error : code; };
    return self;
  }

  // ----- SCORM 2004 (scorm_13.js) --------------------------------------------------
  function scorm2004(self, opts, log) {
    var LANG = '([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?';
    // localized_string_type as Moodle tests it at the top level: empty, or a valid
    // {lang=..} prefix (then anything follows), or a first character other than '{' and
    // at most n more, with no line break after the first.
    function langString(n) {
      var prefix = new RegExp('^\\{lang=' + LANG + '\\}');
      return function (v) {
        if (v === '' || prefix.test(v)) { return true; }
        return v.charAt(0) !== '{' && v.length <= n + 1 && !LINE_BREAK.test(v.slice(1));
      };
    }
    var decimal = test(/^-?\d{1,5}(\.\d{1,18})?$/);
    var shortId = test(/^[A-Za-z0-9_.]{1,250}$/);
    var longId = function (v) {
      if (!/^\S{1,4000}$/.test(v)) { return false; }
      return v.indexOf('urn:') !== 0 || /^urn:[A-Za-z0-9-]{1,31}:\S{1,4000}$/.test(v);
    };
    var timespan = test(/^P(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/);
    var time = test(new RegExp('^(19[7-9]\\d|20[0-2]\\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01])' +
      '(T([01]\\d|2[0-3])(:[0-5]\\d(:[0-5]\\d(\\.\\d{1,2}((Z|[+-]([01]\\d|2[0-3]))(:[0-5]\\d)?)?)?)?)?)?)?)?$'));
    var cstatus = oneOf(['completed', 'incomplete', 'not attempted', 'unknown']);
    var sstatus = oneOf(['passed', 'failed', 'unknown']);
    var noBreak = function (v) { return !LINE_BREAK.test(v); };
    var R = 'r', W = 'w', RW = 'rw';
    var rules = {
      'cmi.comments_from_learner.n.comment': [RW, langString(4000)],
      'cmi.comments_from_learner.n.location': [RW, upTo(250)],
      'cmi.comments_from_learner.n.timestamp': [RW, time],
      'cmi.comments_from_lms.n.comment': [R], 'cmi.comments_from_lms.n.location': [R],
      'cmi.comments_from_lms.n.timestamp': [R],
      'cmi.completion_status': [RW, cstatus], 'cmi.completion_threshold': [R],
      'cmi.credit': [R], 'cmi.entry': [R],
      'cmi.exit': [W, oneOf(['time-out', 'suspend', 'logout', 'normal', ''])],
      'cmi.interactions.n.id': [RW, longId],
      'cmi.interactions.n.type': [RW, oneOf(['true-false', 'choice', 'fill-in', 'long-fill-in',
        'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'])],
      'cmi.interactions.n.objectives.n.id': [RW, longId],
      'cmi.interactions.n.timestamp': [RW, time],
      'cmi.interactions.n.correct_responses.n.pattern': [RW, noBreak],
      'cmi.interactions.n.weighting': [RW, decimal],
      'cmi.interactions.n.learner_response': [RW, noBreak],
      'cmi.interactions.n.result': [RW, function (v) {
        return /^(correct|incorrect|unanticipated|neutral)$/.test(v) || /^-?\d{1,4}(\.\d{1,18})?$/.test(v);
      }],
      'cmi.interactions.n.latency': [RW, timespan],
      'cmi.interactions.n.description': [RW, langString(250)],
      'cmi.launch_data': [R], 'cmi.learner_id': [R], 'cmi.learner_name': [R],
      'cmi.learner_preference.audio_level': [RW, decimal, [0, Infinity]],
      'cmi.learner_preference.language': [RW, test(new RegExp('^' + LANG + '$|^$'))],
      'cmi.learner_preference.delivery_speed': [RW, decimal, [0, Infinity]],
      'cmi.learner_preference.audio_captioning': [RW, test(/^-?\d+$/), [-1, 1]],
      'cmi.location': [RW, upTo(1000)], 'cmi.max_time_allowed': [R], 'cmi.mode': [R],
      'cmi.objectives.n.id': [RW, longId],
      'cmi.objectives.n.score.scaled': [RW, decimal, [-1, 1]],
      'cmi.objectives.n.score.raw': [RW, decimal], 'cmi.objectives.n.score.min': [RW, decimal],
      'cmi.objectives.n.score.max': [RW, decimal],
      'cmi.objectives.n.success_status': [RW, sstatus],
      'cmi.objectives.n.completion_status': [RW, cstatus],
      'cmi.objectives.n.progress_measure': [RW, decimal, [0, 1]],
      'cmi.objectives.n.description': [RW, langString(250)],
      'cmi.progress_measure': [RW, decimal, [0, 1]], 'cmi.scaled_passing_score': [R],
      'cmi.score.scaled': [RW, decimal, [-1, 1]], 'cmi.score.raw': [RW, decimal],
      'cmi.score.min': [RW, decimal], 'cmi.score.max': [RW, decimal],
      'cmi.session_time': [W, timespan], 'cmi.success_status': [RW, sstatus],
      'cmi.suspend_data': [RW, upTo(64000)], 'cmi.time_limit_action': [R], 'cmi.total_time': [R],
      'adl.nav.request': [RW, test(/^(previous|continue|exit|exitAll|abandon|abandonAll|suspendAll|\{target=\S{0,200}[a-zA-Z0-9]\}(choice|jump))$/)],
    };
    // Per interaction type: each node's rule, most nodes, delimiter, unique, and (for
    // correct responses) the most patterns (scorm_13.js learner_response/correct_responses).
    var any = function () { return true; }; // fill-in texts: Moodle's pattern always matches
    var types = {
      'true-false': { node: oneOf(['true', 'false']), max: 1, limit: 1 },
      'choice': { node: shortId, max: 36, delim: '[,]', unique: true },
      'fill-in': { node: any, max: 10, delim: '[,]', prefixes: true },
      'long-fill-in': { node: any, max: 1, prefixes: true, noDuplicate: true },
      'matching': { node: shortId, node2: shortId, max: 36, delim: '[,]', delim2: '[.]', prefixes: true },
      'performance': { node: function (v) { return v === '' || shortId(v); },
                       node2: function (v) { return v === '' || decimal(v) || shortId(v); },
                       max: 250, delim: '[,]', delim2: '[.]', prefixes: true },
      'sequencing': { node: shortId, max: 36, delim: '[,]', prefixes: true },
      'likert': { node: shortId, max: 1, limit: 1 },
      'numeric': { node: decimal, max: 2, responseMax: 1, delim: '[:]', responseDelim: '', limit: 1 },
      'other': { node: upTo(4000), max: 1, limit: 1 },
    };
    var DEFAULTS = { 'cmi.objectives.n.success_status': 'unknown',
                     'cmi.objectives.n.completion_status': 'unknown' };
    var tracks = opts.tracks || {};
    var resumed = tracks['cmi.exit'] === 'suspend';
    var kept = resumed ? tracks : {};
    function track(k, fallback) { return k in kept ? kept[k] : fallback; }
    var launch = {
      'cmi.learner_id': 'learner-1', 'cmi.learner_name': learnerName(opts),
      'cmi.credit': 'credit', 'cmi.mode': 'normal',
      'cmi.entry': entryOf(resumed ? track('cmi.completion_status', '') : '', track('cmi.exit', '')),
      'cmi.completion_status': track('cmi.completion_status', 'unknown'),
      'cmi.success_status': track('cmi.success_status', 'unknown'),
      'cmi.completion_threshold': opts.completionThreshold || '',
      'cmi.scaled_passing_score': opts.scaledPassingScore || '',
      'cmi.total_time': track('cmi.total_time', 'PT0H0M0S'), 'cmi.session_time': 'PT0H0M0S',
      'cmi.launch_data': '', 'cmi.max_time_allowed': '', 'cmi.time_limit_action': '',
      'cmi.learner_preference.audio_level': '1', 'cmi.learner_preference.audio_captioning': '0',
      'cmi.learner_preference.language': '', 'cmi.learner_preference.delivery_speed': '',
      'adl.nav.request': '_none_',
    };
    ['cmi.location', 'cmi.suspend_data', 'cmi.exit', 'cmi.progress_measure', 'cmi.score.scaled',
     'cmi.score.raw', 'cmi.score.min', 'cmi.score.max'].forEach(function (k) { launch[k] = track(k, ''); });
    Object.keys(tracksOf(kept, function (k) { return /^cmi\.(interactions|objectives|comments_from_learner)\.\d/.test(k); }))
      .forEach(function (k) { launch[k] = kept[k]; });
    var values = {}, initialized = false, terminated = false, error = '0', diagnostic = '';
    Object.keys(launch).forEach(function (k) { values[k] = launch[k]; });
    var counts = countsOf(values);
    var collections = ['cmi.comments_from_learner', 'cmi.comments_from_lms', 'cmi.interactions',
                       'cmi.objectives', 'cmi.interactions.n.objectives',
                       'cmi.interactions.n.correct_responses'];

    function storeData(finishing) {
      var pairs = [];
      if (finishing) {
        var threshold = values['cmi.completion_threshold'], measure = values['cmi.progress_measure'];
        if (threshold && measure) {
          values['cmi.completion_status'] = parseFloat(measure) >= parseFloat(threshold) ? 'completed' : 'incomplete';
        }
        pairs.push(['cmi.total_time', addDuration(values['cmi.total_time'], values['cmi.session_time'])]);
      }
      Object.keys(values).forEach(function (k) {
        var r = rules[model(k)];
        if (!r || r[0] === 'r' || k === 'adl.nav.request') { return; }
        // Only what differs from the launch value, or from the element's default
        // (an objective's statuses start "unknown"), is sent.
        var before = k in launch ? launch[k] : DEFAULTS[model(k)];
        if (before !== values[k]) { pairs.push([k, values[k]]); }
      });
      if (values['adl.nav.request'] !== '_none_') { pairs.push(['adl.nav.request', values['adl.nav.request']]); }
      return self.store(pairs);
    }
    function seconds(d) {
      var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(d || '') || [];
      var n = function (i) { return parseFloat(m[i] || 0); };
      return (((n(1) * 365 + n(2) * 30 + n(3)) * 24 + n(4)) * 60 + n(5)) * 60 + n(6);
    }
    function addDuration(a, b) {
      var t = Math.round((seconds(a) + seconds(b)) * 100) / 100;
      var h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = Math.round((t % 60) * 100) / 100;
      return 'PT' + h + 'H' + m + 'M' + sec + 'S';
    }

    function Initialize(param) {
      log('Initialize');
      if (param !== '') { error = '201'; return 'false'; }
      if (initialized || terminated) { error = initialized ? '103' : '104'; return 'false'; }
      initialized = true;
      error = '0';
      return 'true';
    }
    function Terminate(param) {
      log('Terminate');
      if (param !== '') { error = '201'; return 'false'; }
      if (!initialized || terminated) { error = terminated ? '113' : '112'; return 'false'; }
      var result = storeData(true) === 'true' ? 'true' : 'false';
      error = result === 'true' ? '0' : '101';
      if (result === 'true') { initialized = false; terminated = true; }
      return result;
    }
    function Commit(param) {
      log('Commit');
      if (param !== '') { error = '201'; return 'false'; }
      if (!initialized || terminated) { error = terminated ? '143' : '142'; return 'false'; }
      var result = storeData(false) === 'true' ? 'true' : 'false';
      error = result === 'true' ? '0' : '101';
      return result;
    }
    var children = {
      'cmi._version': '1.0',
      'cmi.score._children': 'max,raw,scaled,min',
      'cmi.comments_from_learner._children': 'comment,timestamp,location',
      'cmi.comments_from_lms._children': 'comment,timestamp,location',
      'cmi.objectives._children': 'progress_measure,completion_status,success_status,description,score,id',
      'cmi.objectives.n.score._children': 'max,raw,scaled,min',
      'cmi.learner_preference._children': 'audio_level,audio_captioning,delivery_speed,language',
      'cmi.interactions._children': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
    };
    function isCount(m) { return /\._count$/.test(m) && collections.indexOf(m.slice(0, -7)) >= 0; }
    function GetValue(element) {
      error = '0';
      diagnostic = '';
      if (!initialized || terminated) { error = terminated ? '123' : '122'; return ''; }
      element = String(element);
      var m = model(element);
      if (isCount(m)) { return String(counts[element.slice(0, -7)] || 0); }
      if (m in children) { return children[m]; }
      var r = rules[m];
      if (!r) { error = /\._(children|count)$/.test(m) ? '301' : '401'; return ''; }
      if (r[0] === 'w') { error = '405'; return ''; }
      if (!(element in values)) { error = m === element ? '403' : '301'; return ''; }
      return values[element];
    }
    function fail(code, why) { error = code; diagnostic = why || ''; return 'false'; }
    // The interaction's response (or one correct pattern) in its type's form.
    function checkNodes(type, value, isPattern) {
      var t = types[type];
      var delim = isPattern || t.responseDelim === undefined ? t.delim : t.responseDelim;
      var nodes = delim ? value.split(delim) : [value];
      var max = !isPattern && t.responseMax ? t.responseMax : t.max;
      if (nodes.length > max) { return '351'; }
      for (var i = 0; i < nodes.length; i += 1) {
        var node = nodes[i];
        if (isPattern && t.prefixes) {
          var pre;
          while ((pre = /^\{(lang|case_matters|order_matters)=([^}]+)\}/.exec(node))) {
            if (pre[1] !== 'lang' && pre[2] !== 'true' && pre[2] !== 'false') { return '406'; }
            node = node.slice(pre[0].length);
          }
        }
        if (t.delim2) {
          var pair = node.split(t.delim2);
          if (pair.length !== 2 || !t.node(pair[0]) || !t.node2(pair[1])) { return '406'; }
        } else if (!t.node(node) && !(isPattern && value === '' && type !== 'true-false')) {
          return '406';
        }
        if (t.unique && node !== '' && nodes.slice(0, i).indexOf(node) >= 0) { return '406'; }
      }
      if (isPattern && type === 'numeric' && nodes.length > 1 &&
          parseFloat(nodes[0]) > parseFloat(nodes[1])) { return '406'; }
      return '0';
    }
    function SetValue(element, value) {
      error = '0';
      diagnostic = '';
      if (!initialized || terminated) { return fail(terminated ? '133' : '132'); }
      element = String(element);
      value = String(value);
      if (element === '') { return fail('351'); }
      var m = model(element), r = rules[m];
      if (!r) { return fail(isCount(m) || m in children ? '404' : '401'); }
      if (r[0] === 'r') { return fail('404'); }
      if (!r[1](value)) { return fail('406'); }
      var parts = element.split('.');
      if (parts.some(function (p) { return /^0\d/.test(p); })) { return fail('351'); }
      // The innermost collection entry the element belongs to, if any.
      var last = -1;
      parts.forEach(function (p, i) { if (/^\d+$/.test(p)) { last = i; } });
      var owner = parts.slice(0, last).join('.'), index = last > 0 ? parts[last] : '';
      var entry = owner + '.' + index, exists = false;
      if (last > 0) {
        var n = parseInt(index, 10), count = counts[owner] || 0;
        exists = Object.keys(values).some(function (k) { return k.indexOf(entry + '.') === 0; });
        if (n > count) { return fail('351', 'Data Model Element Collection Set Out Of Order'); }
        if (!exists) {
          // A new entry starts with its id (objectives, interactions) or belongs to an
          // interaction that exists (its objectives' ids, its correct responses).
          var created = m === 'cmi.objectives.n.id' || m === 'cmi.interactions.n.id' ||
            m === 'cmi.interactions.n.objectives.n.id' ||
            m === 'cmi.interactions.n.correct_responses.n.pattern' ||
            m === 'cmi.comments_from_learner.n.comment' || m === 'cmi.comments_from_learner.n.location' ||
            m === 'cmi.comments_from_learner.n.timestamp';
          if (!created) { return fail('408'); }
          if (/\.n\.(objectives|correct_responses)\.n\./.test(m)) {
            var parentEntry = parts.slice(0, 3).join('.');
            if (!(parentEntry + '.id' in values)) { return fail('408'); }
          }
          if (/\.id$/.test(m) && m !== 'cmi.interactions.n.id' && duplicateId(owner, value)) {
            return fail('351', 'Data Model Element ID Already Exists');
          }
        } else if (m === 'cmi.objectives.n.id' && values[element] !== value) {
          return fail('351', 'Write Once Violation');
        } else if (m === 'cmi.interactions.n.objectives.n.id' && duplicateId(owner, value, element)) {
          return fail('351', 'Data Model Element ID Already Exists');
        }
      }
      var ixEntry = parts.slice(0, 3).join('.');
      var type = values[ixEntry + '.type'];
      if (m === 'cmi.interactions.n.learner_response') {
        if (type === undefined) { return fail('408'); }
        var code = checkNodes(type, value, false);
        if (code !== '0') { return fail(code, code === '351' ? 'Data Model Element Pattern Too Long' : ''); }
      }
      if (m === 'cmi.interactions.n.correct_responses.n.pattern') {
        if (type === undefined) { return fail('408'); }
        var crOwner = ixEntry + '.correct_responses', crCount = counts[crOwner] || 0, k;
        if (type === 'choice') {
          for (k = 0; k < crCount; k += 1) {
            if (values[crOwner + '.' + k + '.pattern'] === value && crOwner + '.' + k + '.pattern' !== element) {
              return fail('351');
            }
          }
        }
        if (!exists && types[type].limit && crCount >= types[type].limit) {
          return fail('351', 'Data Model Element Collection Limit Reached');
        }
        var crCode = checkNodes(type, value, true);
        if (crCode !== '0') { return fail(crCode); }
        if (!exists && types[type].noDuplicate && value !== '') {
          for (k = 0; k < crCount; k += 1) {
            if (values[crOwner + '.' + k + '.pattern'] === value) {
              return fail('351', 'Data Model Element Pattern Already Exists');
            }
          }
        }
      }
      if (r[2]) {
        var x = Number(value);
        if (!(x >= r[2][0] && x <= r[2][1])) { return fail('407'); }
      }
      if (last > 0 && !exists) { counts[owner] = parseInt(index, 10) + 1; }
      if (m === 'cmi.interactions.n.type' && exists) {
        // Setting an interaction's type again empties its correct responses.
        Object.keys(values).forEach(function (key) {
          if (key.indexOf(ixEntry + '.correct_responses.') === 0) { delete values[key]; }
        });
        counts[ixEntry + '.correct_responses'] = 0;
      }
      values[element] = value;
      return 'true';
    }
    function duplicateId(owner, value, except) {
      var n = counts[owner] || 0;
      for (var i = 0; i < n; i += 1) {
        var key = owner + '.' + i + '.id';
        if (key !== except && values[key] === value) { return true; }
      }
      return false;
    }
    var strings = { '0': 'No error', '101': 'General exception', '103': 'Already Initialized',
      '104': 'Content Instance Terminated', '112': 'Termination Before Inizialization',
      '113': 'Termination After Termination', '122': 'Retrieve Data Before Initialization',
      '123': 'Retrieve Data After Termination', '132': 'Store Data Before Inizialization',
      '133': 'Store Data After Termination', '142': 'Commit Before Inizialization',
      '143': 'Commit After Termination', '201': 'General Argument Error',
      '301': 'General Get Failure', '351': 'General Set Failure',
      '401': 'Undefined Data Model', '403': 'Data Model Element Value Not Initialized',
      '404': 'Data Model Element Is Read Only', '405': 'Data Model Element Is Write Only',
      '406': 'Data Model Element Type Mismatch', '407': 'Data Model Element Value Out Of Range',
      '408': 'Data Model Dependency Not Established' };
    self.Initialize = Initialize;
    self.Terminate = Terminate;
    self.GetValue = GetValue;
    self.SetValue = SetValue;
    self.Commit = Commit;
    self.GetLastError = function () { return error; };
    self.GetErrorString = function (code) { return strings[code] || ''; };
    self.GetDiagnostic = function (code) { return code ? code : diagnostic || error; };
    self.version = '1.0';
    return self;
  }

  root.MoodleRuntime = {
    scorm12: function (opts) { return api('scorm12', opts); },
    scorm2004: function (opts) { return api('scorm2004', opts); },
  };
}(window));
