"""What a teacher sees of a class: assignments met, stuck learners, common mistakes.

Pure computations on the learner's records (``learner.types``) and the class rows of
``store.classes``; the web app renders them, the store fetches them.
"""
