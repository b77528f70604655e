//===- OpCoverage.cpp - Which upstream ops have derivative rules ----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/Rules.h"

using namespace rw::ad;

const OpCoverageNote *rw::ad::findCoverageNote(llvm::StringRef name) {
  for (llvm::ArrayRef<OpCoverageNote> notes :
       {arithCoverageNotes(), mathCoverageNotes(), scfCoverageNotes(),
        funcCoverageNotes(), tensorCoverageNotes(), linalgCoverageNotes()})
    for (const OpCoverageNote &note : notes)
      if (note.op == name)
        return &note;
  return nullptr;
}
