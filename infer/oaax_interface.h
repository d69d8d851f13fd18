/* The OAAX runtime interface as data layout and symbol types: our own spelling of what the
 * specification fixes, so the runner and the runtimes this project builds agree with vendors'.
 * Sources (read, not copied):
 *  - OAAX-standard/OAAX docs/Specification.md (spec 1.0, commit e55f660): sections 4.1-4.9
 *    (functions, 0 = success), 5 (memory: the runtime frees what send_input accepted, the host
 *    frees what receive_output returned).
 *  - OAAX-standard/OAAX "Illustrative example/Runtime/include/interface.h" (commit 183e9c8): the
 *    tensors_struct fields and the tensor_data_type values (FLOAT 1 ... UINT64 13);
 *    its receive_output takes `tensors_struct *` (the first generation, see oaax_backend.cpp).
 *  - OAAX-standard/reference-implementation runtime-library/include/runtime_core.hpp (v1.1.3) and
 *    OAAX-standard/examples c-example/include/runtime_utils.h (commit 7eea732): receive_output
 *    takes `tensors_struct **` and runtime_initialization_with_args exists (the spec generation). */
#ifndef WB_OAAX_INTERFACE_H
#define WB_OAAX_INTERFACE_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wb_oaax_dtype {
  WB_OAAX_FLOAT = 1,
  WB_OAAX_UINT8 = 2,
  WB_OAAX_INT8 = 3,
  WB_OAAX_UINT16 = 4,
  WB_OAAX_INT16 = 5,
  WB_OAAX_INT32 = 6,
  WB_OAAX_INT64 = 7,
  WB_OAAX_STRING = 8,
  WB_OAAX_BOOL = 9,
  WB_OAAX_DOUBLE = 11,
  WB_OAAX_UINT32 = 12,
  WB_OAAX_UINT64 = 13
} wb_oaax_dtype;

/* Same layout as the specification's tensors_struct; every pointer from malloc, freed with free. */
typedef struct tensors_struct {
  size_t num_tensors;
  char** names;
  wb_oaax_dtype* data_types;
  size_t* ranks;
  size_t** shapes;
  void** data;
} tensors_struct;

#ifdef __cplusplus
}
#endif
#endif
