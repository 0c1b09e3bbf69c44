"""Tests of the facilitation add-on (mirrors src/fabrique_course/facilitation/)."""
