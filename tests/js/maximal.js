// The largest state a learner can leave, encoded by the player's own state.js:
// every option chosen, the check passed, the most played stretches of the longest
// video, and every reflection `fill` saved characters long (é takes one). The
// Python side's budget is checked against it (tests/test_player_state.py runs this
// file with a course's JSON on stdin; state.test.js requires it).
'use strict';
const path = require('node:path');
const { state } = require(path.join(__dirname, '..', '..', 'src', 'lmspack', 'player', 'static', 'state.js'));

function maximal(course, fill) {
  const codec = state.codec(course), field = codec.field.bind(codec);
  const st = codec.empty();
  st.page = course.pages[course.pages.length - 1];
  st.watched = Math.max(...field('watched').values);
  course.reflections.forEach((r) => { st.reflections[r.id] = 'é'.repeat(fill); });
  if (course.confidence) { st.confidence = Math.max(...course.confidence.scale.map((s) => s[0])); }
  course.questions.forEach((q) => { st.answers[q.id] = q.options.map((o, i) => i); });
  st.submitted = true;
  st.doneOn = '2026-12-31';
  if (course.recording.kind === 'file') {
    // Stretches with six-digit ends, one second apart so that none are joined.
    const top = field('played').max, count = course.limits[field('played').count];
    st.played = Array.from({ length: count }, (_, i) => [top - 2 * (count - i), top - 2 * (count - i) + 1]);
    st.at = field('at').max;
    st.length = field('length').max;
  }
  const ix = {};
  const ids = course.reflections.concat(course.confidence ? [course.confidence] : [], course.questions);
  ids.forEach((item) => { ix[item.interaction] = field('ix').max; });
  return codec.encode(st, { ix });
}

// {full: the saved length with each reflection at the budget, over: with each one
// character more, fixed: what the full state takes besides the reflections' texts}.
function lengths(course) {
  const budget = course.limits.reflection, full = maximal(course, budget).length;
  return { full, over: maximal(course, budget + 1).length,
           fixed: full - budget * course.reflections.length };
}

module.exports = { maximal, lengths };

if (require.main === module) {
  let input = '';
  process.stdin.on('data', (chunk) => { input += chunk; });
  process.stdin.on('end', () => { process.stdout.write(JSON.stringify(lengths(JSON.parse(input)))); });
}
