'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, player, course, doneState } = require('./helpers.js');
const { lengths } = require('./maximal.js');

const { state } = player('state.js');

test('a saved state comes back as it was', () => {
  const c = course(), codec = state.codec(c), st = doneState(codec);
  const memo = { ix: { 'reflection-one': 0, 'question-q1': 3 } };
  const back = codec.decode(codec.encode(st, memo));
  assert.deepEqual(back.state, st);
  assert.deepEqual(back.memo, memo);
});

test('the saved form uses the compact keys of state.json', () => {
  const c = course(), codec = state.codec(c);
  const saved = JSON.parse(codec.encode(doneState(codec), { ix: { 'question-q2': 7 } }));
  assert.deepEqual(saved, {
    v: 1, p: 4, w: 1, r: { one: 'I will listen.', two: 'Ask "why"\nthen act.' },
    a: { q1: [0], q2: [1], q3: [0, 1] }, s: 1, x: { 'question-q2': 7 },
    d: [[0, 50], [60, 100]], t: 100, n: 100, f: '2026-03-04', c: 3,
  });
});

test('an empty state leaves out what it has not got', () => {
  const codec = state.codec(course());
  assert.deepEqual(JSON.parse(codec.encode(codec.empty())),
                   { v: 1, p: 0, w: 0, r: {}, a: {}, s: 0, x: {} });
  assert.equal(codec.empty().confidence, null);
});

test('nothing stored, unreadable or of another version gives the empty state', () => {
  const codec = state.codec(course());
  for (const text of ['', 'not json', 'null', '[]', '"text"', '{"v":2,"p":3}']) {
    assert.deepEqual(codec.decode(text), { state: codec.empty(), memo: {} }, text);
  }
});

test('bad stored values are refused field by field', () => {
  const codec = state.codec(course());
  const { state: st, memo } = codec.decode(JSON.stringify({
    v: 1, p: 9, w: 5, r: { one: 42, two: 'kept', other: 'not a reflection' },
    a: { q1: [0, 5, -1, 0.5, '1'], q9: [0] }, s: 1,
    x: { 'question-q1': -1, 'question-q2': 1.5, 'question-q3': 1000, 'question-old': 2, 'reflection-one': 4 },
    d: [[5, 2], [0, 10], 'x', [1, 2, 3], [20, 1000000]], t: -3, n: 0, f: '4 March', c: 7,
  }));
  assert.equal(st.page, 'overview');
  assert.equal(st.watched, 0);
  assert.deepEqual(st.reflections, { two: 'kept' });
  assert.deepEqual(st.answers, { q1: [0] });
  assert.equal(st.submitted, false, 'not every question has an answer');
  assert.deepEqual(memo.ix, { 'reflection-one': 4 });
  assert.deepEqual(st.played, [[0, 10]]);
  assert.equal(st.at, 0);
  assert.equal(st.length, 0);
  assert.equal(st.doneOn, '');
  assert.equal(st.confidence, null, '7 is not on the scale');
});

test('the position and length are read only with played stretches', () => {
  const codec = state.codec(course());
  const st = codec.decode('{"v":1,"p":1,"w":0,"r":{},"a":{},"s":0,"x":{},"t":50,"n":99}').state;
  assert.equal(st.at, 0);
  assert.equal(st.length, 0);
});

test('played stretches join where they touch, and the shortest are forgotten', () => {
  const codec = state.codec(course());
  assert.deepEqual(codec.mergeRanges([[10, 20], [0, 5], [5, 8], [21, 30]]), [[0, 8], [10, 20], [21, 30]]);
  const many = Array.from({ length: 12 }, (_, i) => [i * 100, i * 100 + 10 + i]);
  assert.deepEqual(codec.mergeRanges(many), many.slice(2));
  assert.equal(codec.seconds(5000000), 999999);
  assert.equal(codec.seconds(-2), 0);
});

test('a text is cut to the budget as saved, and never inside a surrogate pair', () => {
  assert.equal(state.encodedLength('a"b\n'), 6);
  assert.equal(state.fitted('abcdef', 4), 'abcd');
  assert.equal(state.fitted('a\n\nb', 4), 'a\n');
  assert.equal(state.fitted('ab😀', 3), 'ab');
  assert.equal(state.fitted('ab😀', 4), 'ab😀');
  assert.equal(state.codec(course()).fitted('x'.repeat(1200)).length, 1000);
});

test('the largest state fits the budget exactly', () => {
  const c = course();
  c.limits.reflection = Math.floor((c.limits.suspendData - lengths({ ...c }).fixed) / c.reflections.length);
  const l = lengths(c);
  assert.ok(l.full <= c.limits.suspendData);
  assert.ok(l.over > c.limits.suspendData);
});

// The budget render/player.py gives the seed course, against this encode().
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const DATA = `
import json, sys
from lmspack.render.player import course_data
from lmspack.standards.scorm12 import Scorm12
from lmspack.structure.loader import load_course
print(json.dumps(course_data(load_course(sys.argv[1]), "scorm12", Scorm12.limits)))
`;
test('the budget Python works out for the seed course agrees with encode()',
     { skip: !fs.existsSync(PYTHON) && 'no .venv (bash .ci/setup.sh)' }, () => {
  const seed = path.join(ROOT, 'course', 'race-equality-accountability');
  const c = JSON.parse(execFileSync(PYTHON, ['-c', DATA, seed], { encoding: 'utf8' }));
  const l = lengths(c);
  assert.ok(l.full <= c.limits.suspendData, `${l.full} > ${c.limits.suspendData}`);
  assert.ok(l.over > c.limits.suspendData);
});
