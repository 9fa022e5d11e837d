"""Python's google.protobuf.json_format as the reference for warren's ProtoJSON mapping.

Reads a JSON list of cases on stdin, answers a JSON list on stdout, one answer per case:
  {"type": "Everything", "binary": "<base64>"}  -> {"json": MessageToJson(message)}
  {"type": "Everything", "json": "<text>"}      -> {"binary": "<base64 of Parse(text)>"}
or {"error": "..."} when Python refuses. argv: the protoc --python_out dir, the module.
"""
import base64
import importlib
import json
import sys

from google.protobuf import json_format

sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])


def message_class(name):
    cls = module
    for part in name.split('.'):
        cls = getattr(cls, part)
    return cls


answers = []
for case in json.load(sys.stdin):
    cls = message_class(case['type'])
    try:
        if 'binary' in case:
            message = cls()
            message.ParseFromString(base64.b64decode(case['binary']))
            answers.append({'json': json_format.MessageToJson(message)})
        else:
            message = json_format.Parse(case['json'], cls(), ignore_unknown_fields=case.get('ignoreUnknownFields', False))
            answers.append({'binary': base64.b64encode(message.SerializeToString(deterministic=True)).decode()})
    except Exception as err:  # the test shows what Python refused and why
        answers.append({'error': '%s: %s' % (type(err).__name__, err)})
json.dump(answers, sys.stdout)
