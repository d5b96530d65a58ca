"""Sandboxed grading of course submissions (`make grade`, book/course.md).

Three steps, each in its own process:

1. :mod:`tools.grading.runner` executes a submitted notebook inside a bubblewrap sandbox
   (:mod:`tools.grading.sandbox`) and exports the answer variables as plain JSON data;
2. :mod:`tools.grading.check` runs the hidden checks of the assignment's kit
   (:mod:`tools.grading.kit`) on that data in a fresh process that never imports anything the
   submission touched;
3. :mod:`tools.grade_submissions` verifies the kit's hash, assigns the student id from the
   instructor's side (file name or roster), flags copying and writes grades and feedback.
"""
