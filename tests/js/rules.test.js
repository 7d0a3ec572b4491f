'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, course, doneState } = require('./helpers.js');

const { rules } = player('rules.js');
const { state } = player('state.js');

function fresh(c) { return state.codec(c).empty(); }

test('a fresh learner has everything to do, and no progress', () => {
  const c = course(), st = fresh(c);
  assert.deepEqual(rules.todo(c, st).map((t) => t[0]), ['recording', 'reflect', 'reflect', 'check']);
  assert.equal(rules.todo(c, st)[1][1], 'Answer the 2 remaining reflection questions.');
  assert.equal(rules.progress(c, st), 0);
  assert.deepEqual(rules.outcome(c, st), { status: 'incomplete', score: null });
});

test('every activity done and every answer right is a pass', () => {
  const c = course(), st = doneState(state.codec(c));
  assert.deepEqual(rules.todo(c, st), []);
  assert.equal(rules.progress(c, st), 1);
  assert.deepEqual(rules.outcome(c, st),
                   { status: 'passed', score: { correct: 3, total: 3, percent: 100 } });
});

test('below the pass mark is a fail; a multiple choice needs every right option', () => {
  const c = course(), st = doneState(state.codec(c));
  st.answers.q3 = [0];
  assert.equal(rules.isCorrect(c.questions[2], st), false);
  assert.deepEqual(rules.grade(c, st), { correct: 2, total: 3, percent: 67 });
  assert.equal(rules.outcome(c, st).status, 'failed');
});

test('what is optional does not count, and a blank reflection is not an answer', () => {
  const c = course({ completion: { recordingRequired: false, reflectionsRequired: false, passMark: 80 } });
  const st = fresh(c);
  st.answers = { q1: [0], q2: [1], q3: [1, 0] };
  st.submitted = true;
  assert.equal(rules.outcome(c, st).status, 'passed');
  const strict = course(), done = doneState(state.codec(strict));
  done.reflections.one = '   ';
  assert.equal(rules.todo(strict, done)[0][1], 'Answer the remaining reflection question.');
  assert.equal(rules.progress(strict, done), 4 / 5);  // check, recording, two reflections, rating
  assert.equal(rules.outcome(strict, done).status, 'incomplete');
});

test('a linked recording asks for a confirmation; a file for its share', () => {
  const linked = course({ recording: { kind: 'link', playedPercent: 90 } });
  assert.equal(rules.todo(linked, fresh(linked))[0][1],
               'Watch the recording and confirm that you have watched it.');
  const file = course();
  assert.equal(rules.todo(file, fresh(file))[0][1], 'Watch the recording (at least 90% of it).');
});

test('a course without questions is passed once the rest is done', () => {
  const c = course({ questions: [] }), st = doneState(state.codec(c));
  st.answers = {};
  assert.deepEqual(rules.grade(c, st), { correct: 0, total: 0, percent: 100 });
  assert.equal(rules.outcome(c, st).status, 'passed');
});

test('passed and completed are done', () => {
  assert.equal(rules.isDone('passed'), true);
  assert.equal(rules.isDone('completed'), true);
  assert.equal(rules.isDone('failed'), false);
  assert.equal(rules.isDone(''), false);
});
