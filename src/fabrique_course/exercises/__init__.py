"""Impact exercises: the fictional data sets (``donnees``, ``dictionnaire``), the seven
exercises' values (``_definitions``) and words (``content/exercices/*.yaml``, read by
``_texts``), the engine that reads answers and grades them (``_reading``, ``_engine``),
and the notebook verdict (``verifier``).

An add-on above the core: it imports the core (``impact``, ``_numbers``, ``_files``,
``_render``…), never ``facilitation``, ``publishing`` or ``cli``.
"""
