'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, course, doneState, fakeApi, fakeWindow } = require('./helpers.js');

const { state } = player('state.js');
const { session } = player('session.js');
const adapters = { none: player('lms-none.js').adapters.none, scorm12: player('lms-scorm12.js').adapters.scorm12,
                   scorm2004: player('lms-scorm2004.js').adapters.scorm2004 };

function connect(runtime, api, overrides = {}) {
  const c = course({ runtime, ...overrides }), codec = state.codec(c);
  const win = fakeWindow(api, runtime === 'scorm2004' ? 'API_1484_11' : 'API');
  return { c, codec, s: adapters[runtime].connect(c, { codec, win }) };
}

const ANSWER = { id: 'question-q3', type: 'choice', description: 'All that apply', response: [0, 2],
                 options: ['x', 'y', 'z'], correct: [0, 1], result: 'incorrect',
                 timestamp: new Date(2026, 2, 4, 9, 5, 7), latencySeconds: 75.5 };

test('SCORM 1.2: a resumed attempt gives back the place, state, status and learner', async () => {
  const c = course(), codec = state.codec(c), st = doneState(codec);
  const api = fakeApi({ values: {
    'cmi.core.lesson_mode': 'normal', 'cmi.core.entry': 'resume', 'cmi.core.lesson_location': 'reflect',
    'cmi.suspend_data': codec.encode(st), 'cmi.core.lesson_status': 'passed',
    'cmi.core.student_name': 'Doe, Jo', 'cmi.interactions._count': '0' } });
  const resume = await adapters.scorm12.connect(c, { codec, win: fakeWindow(api) }).start();
  assert.deepEqual(resume, { location: 'reflect', state: st, status: 'passed', learnerName: 'Doe, Jo' });
});

test('SCORM 1.2: a fresh attempt ignores what the LMS still holds', async () => {
  const c = course(), codec = state.codec(c);
  const api = fakeApi({ values: { 'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_location': 'check',
                                  'cmi.suspend_data': codec.encode(doneState(codec)) } });
  const resume = await adapters.scorm12.connect(c, { codec, win: fakeWindow(api) }).start();
  assert.equal(resume.location, '');
  assert.deepEqual(resume.state, codec.empty());
});

test('SCORM 1.2: interaction indexes are the session\'s, kept in the suspend data', async () => {
  const c = course(), codec = state.codec(c);
  const saved = codec.encode(codec.empty(), { ix: { 'reflection-one': 1, 'question-q1': 5 } });
  const api = fakeApi({ values: { 'cmi.core.entry': 'resume', 'cmi.suspend_data': saved,
                                  'cmi.interactions._count': '2' } });
  const s = adapters.scorm12.connect(c, { codec, win: fakeWindow(api) });
  await s.start();
  const text = { type: 'long-fill-in', description: 'First?', response: 'Hi', result: 'neutral',
                 timestamp: new Date(), latencySeconds: 1 };
  await s.recordAnswer({ ...text, id: 'reflection-one' });   // still held by the LMS: overwritten
  await s.recordAnswer({ ...text, id: 'question-q1' });      // 5 is beyond _count: appended
  await s.recordAnswer({ ...text, id: 'reflection-one', response: 'Hi again' });
  assert.deepEqual(api.calls('LMSSetValue cmi.interactions.').filter((l) => l.endsWith('.id=reflection-one') ||
                   l.endsWith('.id=question-q1')),
                   ['LMSSetValue cmi.interactions.1.id=reflection-one', 'LMSSetValue cmi.interactions.2.id=question-q1',
                    'LMSSetValue cmi.interactions.1.id=reflection-one']);
  await s.save('check', codec.empty());
  assert.equal(api.store['cmi.core.lesson_location'], 'check');
  assert.deepEqual(JSON.parse(api.store['cmi.suspend_data']).x, { 'reflection-one': 1, 'question-q1': 2 });
});

test('SCORM 1.2: answers in its own forms, texts on one line within course.limits', async () => {
  const api = fakeApi();
  const { s } = connect('scorm12', api, { limits: { suspendData: 4096, response: 12, playedRanges: 10, reflection: 900 } });
  await s.start();
  await s.recordAnswer(ANSWER);
  await s.recordAnswer({ ...ANSWER, id: 'question-q2', type: 'true-false', response: [1],
                         options: ['true', 'false'], correct: [1], result: 'correct' });
  await s.recordAnswer({ id: 'reflection-one', type: 'long-fill-in', description: 'First?',
                         response: 'Line one\n\nline two and more', result: 'neutral',
                         timestamp: ANSWER.timestamp, latencySeconds: 3725 });
  const st = api.store;
  assert.equal(st['cmi.interactions.0.student_response'], 'a,c');
  assert.equal(st['cmi.interactions.0.correct_responses.0.pattern'], 'a,b');
  assert.equal(st['cmi.interactions.0.result'], 'wrong');
  assert.equal(st['cmi.interactions.0.time'], '09:05:07');
  assert.equal(st['cmi.interactions.0.latency'], '00:01:15.50');
  assert.equal(st['cmi.interactions.1.student_response'], 'f');
  assert.equal(st['cmi.interactions.1.result'], 'correct');
  assert.equal(st['cmi.interactions.2.type'], 'fill-in');
  assert.equal(st['cmi.interactions.2.student_response'], 'Line one line two and more');  // whole, accepted
  assert.equal(st['cmi.interactions.2.latency'], '01:02:05.00');
  assert.equal('cmi.interactions.2.weighting' in st, false);
});

const LONG = 'I will listen first and ask what matters to the person in front of me. '.repeat(15).trim();

async function reflect(s, response, id = 'reflection-one') {
  return s.recordAnswer({ id, type: 'long-fill-in', description: 'First?', response, result: 'neutral',
                          timestamp: ANSWER.timestamp, latencySeconds: 3 });
}

test('SCORM 1.2: a long reflection goes whole when the LMS takes it', async () => {
  const api = fakeApi();
  const { s } = connect('scorm12', api);
  await s.start();
  assert.deepEqual(await reflect(s, LONG), { shortened: false });
  assert.equal(api.store['cmi.interactions.0.student_response'], LONG);
  assert.equal(api.calls('LMSSetValue cmi.interactions.0.student_response').length, 1);
});

test('SCORM 1.2: refused whole (405), a reflection is shortened at a word and marked', async () => {
  const api = fakeApi({ longest: { suffix: 'student_response', max: 255 } });
  const { s } = connect('scorm12', api);
  await s.start();
  assert.deepEqual(await reflect(s, LONG), { shortened: true });
  const kept = api.store['cmi.interactions.0.student_response'];
  assert.ok(kept.length <= 255 && kept.length > 200, kept.length);
  assert.ok(kept.endsWith('\u2026'));
  const words = kept.slice(0, -1);
  assert.ok(LONG.startsWith(words + ' '), 'ends at a whole word: ' + words.slice(-20));
  assert.equal(api.store['cmi.interactions.0.result'], 'neutral');  // the rest still set
  // A short one in the same session goes whole and says so.
  assert.deepEqual(await reflect(s, 'Short', 'reflection-two'), { shortened: false });
  assert.equal(api.store['cmi.interactions.1.student_response'], 'Short');
});

test('SCORM 1.2: shortened() cuts inside one long word, and never a surrogate pair', () => {
  const { scorm } = player('lms-scorm.js');
  assert.equal(scorm.shortened('abc', 3), 'abc');
  assert.equal(scorm.shortened('abcdefgh', 5), 'abcd\u2026');
  assert.equal(scorm.shortened('ab cd efgh', 8), 'ab cd\u2026');
  assert.equal(scorm.shortened('ab cd efgh', 7), 'ab cd\u2026');  // 'ab cd e' would split efgh
  assert.equal(scorm.shortened('ab cd  efgh', 8), 'ab cd\u2026');
  assert.equal(scorm.shortened('abc\u{1F600}def', 5), 'abc\u2026');
});

test('SCORM 1.2: no score goes with an incomplete status (Moodle\'s mastery override)', async () => {
  const api = fakeApi();
  const { s } = connect('scorm12', api);
  await s.start();
  await s.reportOutcome({ status: 'incomplete', score: { raw: 100, min: 0, max: 100 }, progress: 0.5 });
  assert.deepEqual(api.calls('LMSSetValue cmi.core.'), ['LMSSetValue cmi.core.lesson_status=incomplete']);
});

test('SCORM 1.2: the outcome and the end', async () => {
  const api = fakeApi();
  const { s } = connect('scorm12', api);
  await s.start();
  await s.reportOutcome({ status: 'passed', score: { raw: 100, min: 0, max: 100 }, progress: 1 });
  assert.deepEqual(api.calls('LMSSetValue cmi.core.'), [
    'LMSSetValue cmi.core.score.min=0', 'LMSSetValue cmi.core.score.max=100',
    'LMSSetValue cmi.core.score.raw=100', 'LMSSetValue cmi.core.lesson_status=passed']);
  await s.finish({ suspend: true, sessionSeconds: 90.5 });
  assert.deepEqual(api.log.slice(-3), ['LMSSetValue cmi.core.exit=suspend',
                                       'LMSSetValue cmi.core.session_time=00:01:30.50', 'LMSFinish']);
  const calls = api.log.length;
  await s.save('summary', state.codec(course()).empty());
  await s.commit();
  await s.finish({ suspend: false, sessionSeconds: 1 });
  assert.equal(api.log.length, calls, 'nothing after the end');
});

test('every call reaches the LMS inside the call, before its promise settles', () => {
  for (const runtime of ['scorm12', 'scorm2004']) {
    const api = fakeApi({ v2004: runtime === 'scorm2004' });
    const { s, codec } = connect(runtime, api);
    s.start();
    const before = api.log.length;
    s.save('recording', codec.empty());
    s.recordAnswer(ANSWER);
    s.reportOutcome({ status: 'incomplete', score: null, progress: 0.5 });
    s.commit();
    const commits = api.log.filter((l) => l === 'LMSCommit' || l === 'Commit').length;
    s.finish({ suspend: true, sessionSeconds: 5 });
    assert.ok(api.log.length > before + 10, runtime);
    assert.equal(commits, 1, runtime);
    assert.ok(['LMSFinish', 'Terminate'].includes(api.log[api.log.length - 1]), runtime);
  }
});

test('a refused call rejects with what was refused and why', async () => {
  const api = fakeApi({ refuse: ['cmi.suspend_data'] });
  const { s, codec } = connect('scorm12', api);
  await s.start();
  await assert.rejects(s.save('overview', codec.empty()),
                       { message: 'cmi.suspend_data was refused (error 351: General set failure)' });
  api.refuse.length = 0;
  await s.save('overview', codec.empty());
  api.refuse.push('LMSCommit');
  await assert.rejects(s.commit(), { message: 'LMSCommit was refused (error 351: General set failure)' });
});

test('in review mode nothing is written, and every call succeeds', async () => {
  const api = fakeApi({ values: { 'cmi.core.lesson_mode': 'review' } });
  const { s, codec } = connect('scorm12', api);
  await s.start();
  await s.save('check', codec.empty());
  await s.recordAnswer(ANSWER);
  await s.reportOutcome({ status: 'failed', score: { raw: 0, min: 0, max: 100 }, progress: 1 });
  await s.commit();
  await s.finish({ suspend: true, sessionSeconds: 1 });
  assert.deepEqual(api.calls('LMSSetValue'), []);
  assert.deepEqual(api.calls('LMSCommit'), []);
});

test('SCORM 2004: status, objectives and answers in its forms', async () => {
  const api = fakeApi({ v2004: true, values: {
    'cmi.success_status': 'unknown', 'cmi.completion_status': 'completed', 'cmi.entry': 'resume',
    'cmi.objectives._count': '1', 'cmi.objectives.0.id': 'objective-2',
    'cmi.learner_name': 'Jo Doe' } });
  const { s } = connect('scorm2004', api, { limits: { suspendData: 64000, longResponse: 6, playedRanges: 10, reflection: 6 } });
  const resume = await s.start();
  assert.equal(resume.status, 'completed');
  assert.equal(resume.learnerName, 'Jo Doe');
  await s.reportOutcome({ status: 'incomplete', score: null, progress: 1 / 3 });
  const st = api.store;
  assert.equal(st['cmi.progress_measure'], '0.3333333');
  assert.equal(st['cmi.success_status'], 'unknown');
  assert.equal(st['cmi.objectives.1.id'], 'objective-1', 'the LMS held objective-2 at 0');
  assert.equal('cmi.objectives.0.id' in st, true);
  assert.equal(api.calls('SetValue cmi.objectives.0.id').length, 0);
  assert.equal(st['cmi.objectives.0.description'], ' {Braced} aim');
  await s.reportOutcome({ status: 'passed', score: { raw: 80, min: 0, max: 100 }, progress: 1 });
  assert.equal(st['cmi.score.scaled'], '0.8');
  assert.equal(st['cmi.completion_status'], 'completed');
  assert.equal(st['cmi.objectives.1.success_status'], 'passed');
  await s.recordAnswer({ ...ANSWER, options: ['all-leaders', 'y', 'z'] });
  await s.recordAnswer({ id: 'reflection-one', type: 'long-fill-in', description: 'First?',
                         response: 'One\ntwo three', result: 'neutral', timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
                         latencySeconds: 3723.45 });
  assert.equal(st['cmi.interactions.0.learner_response'], 'all_leaders[,]z');
  assert.equal(st['cmi.interactions.0.correct_responses.0.pattern'], 'all_leaders[,]y');
  assert.equal(st['cmi.interactions.1.learner_response'], 'One tw', 'course.limits.longResponse');
  assert.equal(st['cmi.interactions.1.timestamp'], '2026-01-02T03:04:05.67Z');
  assert.equal(st['cmi.interactions.1.latency'], 'PT1H2M3.45S');
  await s.finish({ suspend: true, sessionSeconds: 60 });
  assert.equal(st['cmi.exit'], 'suspend');
  assert.equal(st['adl.nav.request'], 'suspendAll');
  assert.equal(st['cmi.session_time'], 'PT1M0S');
});

test('SCORM 2004: a normal end does not suspend', async () => {
  const api = fakeApi({ v2004: true });
  const { s } = connect('scorm2004', api);
  await s.start();
  await s.finish({ suspend: false, sessionSeconds: 2 });
  assert.equal(api.store['cmi.exit'], 'normal');
  assert.equal('adl.nav.request' in api.store, false);
});

test('open: the run-time\'s session, else this browser\'s', async () => {
  const c = course(), codec = state.codec(c);
  const found = await session.open(c, codec, adapters, fakeWindow(fakeApi()));
  assert.equal(found.session.name, 'scorm12');
  assert.equal(found.refused, '');
  const none = await session.open(c, codec, adapters, { parent: null });
  assert.equal(none.session.name, 'none');
  assert.equal(none.session.remember, true);
  assert.equal(none.refused, '');
  const refused = await session.open(c, codec, adapters, fakeWindow(fakeApi({ refuse: ['LMSInitialize'] })));
  assert.equal(refused.session.name, 'none');
  assert.equal(refused.session.remember, false, 'an LMS learner\'s answers are not kept in the browser');
  assert.equal(refused.refused, 'LMSInitialize was refused (error 351: General set failure)');
});

test('no LMS: the state stays in this browser\'s storage', async () => {
  const c = course({ runtime: 'none' }), codec = state.codec(c), items = {};
  const storage = { getItem: (k) => items[k] || null, setItem: (k, v) => { items[k] = v; } };
  const s = adapters.none.connect(c, { codec, storage: () => storage });
  assert.equal(s.recording, false);
  const st = doneState(codec);
  await s.save('check', st);
  await s.recordAnswer(ANSWER);
  await s.reportOutcome({ status: 'passed', score: null, progress: 1 });
  await s.commit();
  await s.finish({ suspend: false, sessionSeconds: 1 });
  const again = await adapters.none.connect(c, { codec, storage: () => storage }).start();
  assert.deepEqual(again, { location: 'check', state: st, status: '', learnerName: '' });
  const forgetful = adapters.none.connect(c, { codec, storage: () => storage, remember: false });
  assert.deepEqual((await forgetful.start()).state, codec.empty());
  const blocked = adapters.none.connect(c, { codec, storage: () => { throw new Error('denied'); } });
  await blocked.save('check', st);
  assert.equal((await blocked.start()).location, '');
});
