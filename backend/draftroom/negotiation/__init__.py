"""The rolling text: the agreement status of every provision, square brackets around words
not yet agreed, alternative wordings with their supporters, and how far the group is from
agreement."""
