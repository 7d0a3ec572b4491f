'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, course, doneState } = require('./helpers.js');

const { state } = player('state.js');
const { keeper } = player('keeper.js');

// A session that logs each call and accepts it, or refuses while `refusing`.
function fakeSession() {
  const s = { recording: true, log: [], refusing: false };
  function call(name) {
    return (...args) => {
      s.log.push([name, ...args]);
      return s.refusing ? Promise.reject(new Error(`${name} was refused`)) : Promise.resolve();
    };
  }
  for (const name of ['save', 'recordAnswer', 'reportOutcome', 'commit', 'finish']) { s[name] = call(name); }
  s.names = () => s.log.map((c) => c[0]);
  s.count = (name) => s.log.filter((c) => c[0] === name).length;
  return s;
}

function setUp({ statusAtStart = '', st = null, overrides = {} } = {}) {
  const c = course(overrides), codec = state.codec(c), session = fakeSession();
  const clock = { t: Date.UTC(2026, 2, 4, 10) };
  const notices = [];
  const t = keeper.create({
    course: c, session, state: st || codec.empty(), statusAtStart, now: () => clock.t,
    onError: (m) => notices.push(['error', m]), onRecovered: () => notices.push(['cleared']),
  });
  return { c, codec, session, t, clock, notices };
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

test('at most one commit per action, and none with nothing new', () => {
  const { session, t } = setUp();
  t.save();
  t.commit();
  t.commit();
  assert.deepEqual(session.names(), ['save', 'commit']);
  t.changed();
  t.commit();  // what changed is saved first
  assert.deepEqual(session.names().slice(2), ['save', 'commit']);
});

test('a refused commit is tried again with the next action', async () => {
  const { session, t, notices } = setUp();
  session.refusing = true;
  t.save();
  t.commit();
  await flushed();
  assert.deepEqual(notices[0], ['error', 'save was refused']);
  session.refusing = false;
  t.commit();
  await flushed();
  assert.equal(session.count('commit'), 2);
  assert.deepEqual(notices.slice(-1), [['cleared']]);
});

test('an answer is recorded again only when it changed', () => {
  const { session, t, codec } = setUp();
  t.state.reflections.one = ' My answer ';
  t.recordReflections();
  t.recordReflections();
  assert.equal(session.count('recordAnswer'), 1);
  const answer = session.log[0][1];
  assert.equal(answer.id, 'reflection-one');
  assert.equal(answer.response, 'My answer');
  assert.ok(answer.timestamp instanceof Date);
  t.state.reflections.one = 'Changed';
  t.state.confidence = 2;
  t.recordReflections();
  assert.deepEqual(session.log.slice(1).map((c) => [c[1].id, c[1].response]),
                   [['reflection-one', 'Changed'], ['confidence-sure', '2']]);
  assert.equal(t.isUnsaved(), true, 'the session may keep where the answer went');
  assert.ok(codec);
});

test('the check\'s answers are recorded with their result', () => {
  const { session, t, codec } = setUp();
  Object.assign(t.state, doneState(codec));
  t.state.answers.q3 = [0];
  t.recordAnswers();
  assert.deepEqual(session.log.map((c) => [c[1].id, c[1].type, c[1].result]), [
    ['question-q1', 'choice', 'correct'], ['question-q2', 'true-false', 'correct'],
    ['question-q3', 'choice', 'incorrect']]);
  assert.deepEqual(session.log[2][1].correct, [0, 1]);
});

test('the outcome is reported once, with the day of completion kept', () => {
  const { session, t, codec } = setUp();
  t.report();
  assert.deepEqual(session.log[0], ['reportOutcome', { status: 'incomplete', score: null, progress: 0 }]);
  t.report();
  assert.equal(session.count('reportOutcome'), 1);
  Object.assign(t.state, doneState(codec), { doneOn: '' });
  t.report();
  assert.deepEqual(session.log[1], ['reportOutcome',
    { status: 'passed', score: { raw: 100, min: 0, max: 100 }, progress: 1 }]);
  assert.equal(t.state.doneOn, '2026-03-04');
});

test('the status never steps back', () => {
  const held = setUp({ statusAtStart: 'passed' });
  held.t.report();
  assert.equal(held.session.count('reportOutcome'), 0, 'the LMS holds a pass');
  assert.equal(held.t.state.doneOn, '', 'the day it was passed is not known');
  const retry = setUp();
  Object.assign(retry.t.state, doneState(retry.codec));
  retry.t.state.answers.q3 = [0];
  retry.t.report();  // failed
  retry.t.state.submitted = false;
  retry.t.state.answers = {};
  retry.t.report();  // retrying: not incomplete again
  assert.deepEqual(retry.session.log.map((c) => c[1].status), ['failed']);
  const failed = setUp({ statusAtStart: 'failed' });
  failed.t.report();
  assert.equal(failed.session.count('reportOutcome'), 0);
});

test('finishing records, reports, saves and ends, all at once', async () => {
  const { session, t, clock } = setUp();
  t.state.reflections.two = 'Typed';
  clock.t += 90 * 1000;
  const done = t.finish();
  assert.deepEqual(session.names(), ['recordAnswer', 'reportOutcome', 'save', 'finish']);
  assert.deepEqual(session.log[3][1], { suspend: true, sessionSeconds: 90 });
  assert.equal(await done, true);
  t.save();
  t.commit();
  t.flush();
  assert.equal(await t.finish(), true);
  assert.equal(session.log.length, 4, 'nothing after the end');
});

test('a refused end says so, and raises the notice', async () => {
  const { session, t, notices } = setUp();
  session.refusing = true;
  assert.equal(await t.finish(), false);
  assert.ok(notices.some((n) => n[1] === 'finish was refused'));
});

test('no notices where no LMS records', async () => {
  const { session, t, notices } = setUp();
  session.recording = false;
  session.refusing = true;
  t.save();
  await flushed();
  assert.deepEqual(notices, []);
});

test('the recording section keeps the LMS session alive every five minutes, for four hours', () => {
  const { session, t, clock } = setUp();
  t.state.page = 'recording';
  const minute = 60 * 1000;
  clock.t += 4 * minute;
  t.keepAlive();
  assert.equal(session.count('commit'), 0);
  clock.t += 2 * minute;
  t.keepAlive();
  assert.equal(session.count('commit'), 1);
  clock.t += 3 * minute;
  t.keepAlive();
  assert.equal(session.count('commit'), 1);
  t.state.page = 'reflect';
  clock.t += 10 * minute;
  t.keepAlive();
  assert.equal(session.count('commit'), 1, 'only while the recording is open');
  t.state.page = 'recording';
  clock.t += 5 * 3600 * 1000;
  t.keepAlive();
  assert.equal(session.count('commit'), 1, 'not after four hours');
});

test('typing is saved after a pause, and committed after 20 seconds', async (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout'] });
  const { session, t } = setUp();
  t.saveSoon(true);
  ctx.mock.timers.tick(500);
  t.saveSoon(true);
  ctx.mock.timers.tick(1000);
  assert.deepEqual(session.names(), ['save']);
  ctx.mock.timers.tick(20 * 1000);
  assert.deepEqual(session.names(), ['save', 'commit']);
  t.saveSoon(false);
  ctx.mock.timers.tick(30 * 1000);
  assert.deepEqual(session.names(), ['save', 'commit', 'save']);
});

test('a passed check with reflections left sends no score: Moodle\'s mastery score would pass it', () => {
  const { codec, session, t } = setUp();
  const st = doneState(codec);
  st.reflections = {};
  t.state.answers = st.answers;
  t.state.submitted = true;
  t.state.watched = 1;
  t.report();
  t.finish();
  const outcomes = session.log.filter((c) => c[0] === 'reportOutcome').map((c) => c[1]);
  assert.ok(outcomes.length >= 1);
  outcomes.forEach((o) => { assert.equal(o.status, 'incomplete'); assert.equal(o.score, null); });
});

test('the answers the LMS keeps shortened are known, and the page told', async () => {
  const c = course(), codec = state.codec(c), session = fakeSession();
  session.recordAnswer = (a) => { session.log.push(['recordAnswer', a]);
    return Promise.resolve({ shortened: a.response.length > 10 }); };
  let told = 0;
  const t = keeper.create({ course: c, session, state: codec.empty(), onError: () => {}, onRecovered: () => {},
                            onShortened: () => { told += 1; } });
  t.state.reflections = { one: 'A long reflection', two: 'Short' };
  t.recordReflections();
  await flushed();
  assert.deepEqual(t.shortened(), ['reflection-one']);
  assert.equal(told, 1);
  t.state.reflections.one = 'Now short';
  t.recordReflections();
  await flushed();
  assert.deepEqual(t.shortened(), []);
  assert.equal(told, 2);
});
