"""Tests of the publishing add-on (mirrors src/fabrique_course/publishing/)."""
