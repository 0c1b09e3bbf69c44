"""Tests of the exercises add-on (mirrors src/fabrique_course/exercises/)."""
