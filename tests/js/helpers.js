// What the player's unit tests share: a small course as render/player.py's
// course_data() writes it, with the real state schema, and a fake SCORM API object.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const STATIC = path.join(ROOT, 'src', 'lmspack', 'player', 'static');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'lmspack', 'player', 'state.json'), 'utf8'));

function player(name) { return require(path.join(STATIC, name)); }

function course(overrides = {}) {
  return {
    format: 1, id: 'demo', version: '1.0.0', title: 'Demo', runtime: 'scorm12',
    limits: { suspendData: 4096, response: 255, playedRanges: 10, reflection: 1000 },
    state: schema,
    recording: { kind: 'file', playedPercent: 90 },
    pages: ['overview', 'recording', 'reflect', 'check', 'summary'],
    completion: { recordingRequired: true, reflectionsRequired: true, passMark: 80 },
    objectives: [{ id: 'objective-1', text: 'Know it' }, { id: 'objective-2', text: '{Braced} aim' }],
    reflections: [{ id: 'one', interaction: 'reflection-one', prompt: 'First?', action: false },
                  { id: 'two', interaction: 'reflection-two', prompt: 'Second?', action: true }],
    confidence: { id: 'sure', interaction: 'confidence-sure', prompt: 'How sure?',
                  scale: [[1, 'Not'], [2, 'A bit'], [3, 'Very']] },
    questions: [
      { id: 'q1', interaction: 'question-q1', type: 'single-choice', question: 'Pick one',
        options: [{ id: 'a-one', correct: true, text: 'A', feedback: '' },
                  { id: 'b-two', correct: false, text: 'B', feedback: '' }] },
      { id: 'q2', interaction: 'question-q2', type: 'true-false', question: 'True?',
        options: [{ id: 'true', correct: false, text: 'True', feedback: '' },
                  { id: 'false', correct: true, text: 'False', feedback: '' }] },
      { id: 'q3', interaction: 'question-q3', type: 'multiple-choice', question: 'All that apply',
        options: [{ id: 'x', correct: true, text: 'X', feedback: '' },
                  { id: 'y', correct: true, text: 'Y', feedback: '' },
                  { id: 'z', correct: false, text: 'Z', feedback: '' }] },
    ],
    ...overrides,
  };
}

// A learner who has done everything right.
function doneState(codec) {
  const st = codec.empty();
  st.page = 'summary';
  st.watched = 1;
  st.reflections = { one: 'I will listen.', two: 'Ask "why"\nthen act.' };
  st.confidence = 3;
  st.answers = { q1: [0], q2: [1], q3: [0, 1] };
  st.submitted = true;
  st.played = [[0, 50], [60, 100]];
  st.at = 100;
  st.length = 100;
  st.doneOn = '2026-03-04';
  return st;
}

// A SCORM API object (1.2 names, or 2004's with { v2004: true }) that keeps what is
// set, logs every call, and refuses what `refuse` names (a function's name or an
// element), and with `longest` ({ suffix, max }) refuses, with 405 as Moodle's standards
// mode does, a value longer than max for an element ending in suffix.
function fakeApi({ v2004 = false, values = {}, refuse = [], longest = null } = {}) {
  const log = [], store = { ...values };
  let lastError = '0';
  const names = v2004
    ? ['Initialize', 'GetValue', 'SetValue', 'Commit', 'Terminate', 'GetLastError', 'GetErrorString']
    : ['LMSInitialize', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSFinish', 'LMSGetLastError',
       'LMSGetErrorString'];
  const [init, get, set, commit, finish, error, errorText] = names;
  const refused = (what) => { if (refuse.includes(what)) { lastError = '351'; return 'false'; } lastError = '0'; return 'true'; };
  const api = {
    log, store, refuse,
    [init]: () => { log.push(init); return refused(init); },
    [get]: (el) => { log.push(`${get} ${el}`); return el in store ? store[el] : ''; },
    [set]: (el, v) => {
      log.push(`${set} ${el}=${v}`);
      if (longest && el.endsWith(longest.suffix) && String(v).length > longest.max) { lastError = '405'; return 'false'; }
      const ok = refused(el);
      if (ok === 'true') { store[el] = v; }
      return ok;
    },
    [commit]: () => { log.push(commit); return refused(commit); },
    [finish]: () => { log.push(finish); return refused(finish); },
    [error]: () => lastError,
    [errorText]: (code) => (code === '351' ? 'General set failure' : ''),
  };
  api.calls = (prefix) => log.filter((c) => c.startsWith(prefix));
  return api;
}

function fakeWindow(api, name = 'API') {
  const win = { [name]: api };
  win.parent = win;
  win.top = win;
  return win;
}

module.exports = { ROOT, STATIC, schema, player, course, doneState, fakeApi, fakeWindow };
