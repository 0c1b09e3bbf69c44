"""Impact exercises: the checker engine and the seven exercises, the fictional data sets
(``donnees``, ``dictionnaire``) and the notebook verdict (``verifier``).

An add-on above the core: it imports the core (``impact``, ``_numbers``, ``_render``…),
never ``facilitation``, ``publishing`` or ``cli``.
"""
