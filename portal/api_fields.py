"""Serializer fields that take exactly the type the OpenAPI schema declares.

DRF's CharField turns a number or a boolean into text (`{"body": 0}` saved the comment "0"): the schema says
string, so anything else is a 400 here.
"""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")  # DRF's own "Not a valid string." (translated)
        return super().to_internal_value(data)
