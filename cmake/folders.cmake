# Each folder of src/ is a static library whose include path holds only the folders it may use
# (src/README.md: "What each folder may use"), so an include that points the wrong way does not
# compile. A folder sees the whole of itself, and of every folder it uses only the public
# headers: every header but `*_store.hpp`, so one folder cannot reach another's tables through
# its store (STYLE.md: each table has one owning store; others ask it by a named function).
#
# How: for every folder, build/folder-views/public/FOLDER/ holds links to its public headers,
# and build/folder-views/for/FOLDER/ is the one include root of FOLDER's own sources, with a
# link per visible folder (itself to src/FOLDER, the others to their public views). Includes
# keep their project paths ("publishing/article.hpp"); only what those paths can reach changes.

set(DOSSIER_VIEWS ${CMAKE_BINARY_DIR}/folder-views)
set(DOSSIER_FOLDER_TARGETS "")

# The links are made at configure time; CONFIGURE_DEPENDS re-runs configure when a header is
# added or removed, so the views follow the tree.
function(_dossier_public_view folder)
  set(root ${CMAKE_SOURCE_DIR}/src/${folder})
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${root} ${root}/*.hpp)
  set(view ${DOSSIER_VIEWS}/public/${folder})
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view})
  foreach(header IN LISTS headers)
    if(header MATCHES "_store\\.hpp$")
      continue()
    endif()
    get_filename_component(dir ${view}/${header} DIRECTORY)
    file(MAKE_DIRECTORY ${dir})
    file(CREATE_LINK ${root}/${header} ${view}/${header} SYMBOLIC)
  endforeach()
endfunction()

# dossier_folder(NAME [COMPOSITION_ROOT] USES a b c [SOURCES extra.cpp ...]): the library dossier_NAME from
# src/NAME/**/*.cpp. USES lists the folders it may include directly; what they use is visible
# too (a public header of publishing may name a type of media), and linked the same way.
function(dossier_folder name)
  cmake_parse_arguments(F "COMPOSITION_ROOT" "" "USES;SOURCES" ${ARGN})
  foreach(used IN LISTS F_USES)
    if(NOT TARGET dossier_${used})
      message(FATAL_ERROR "folder ${name} uses ${used}, which is not declared before it: "
                          "folders are declared in the order of the arrows (src/README.md)")
    endif()
  endforeach()
  _dossier_public_view(${name})

  set(visible ${F_USES})
  foreach(used IN LISTS F_USES)
    get_property(more GLOBAL PROPERTY DOSSIER_VISIBLE_${used})
    list(APPEND visible ${more})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_property(GLOBAL PROPERTY DOSSIER_VISIBLE_${name} ${visible})

  set(include_root ${DOSSIER_VIEWS}/for/${name})
  file(REMOVE_RECURSE ${include_root})
  file(MAKE_DIRECTORY ${include_root})
  file(CREATE_LINK ${CMAKE_SOURCE_DIR}/src/${name} ${include_root}/${name} SYMBOLIC)
  foreach(other IN LISTS visible)
    file(CREATE_LINK ${DOSSIER_VIEWS}/public/${other} ${include_root}/${other} SYMBOLIC)
  endforeach()

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(dossier_${name} STATIC ${sources} ${F_SOURCES})
  if(F_COMPOSITION_ROOT)
    # app/ puts the parts together (and the demo loader and corpus generator write in bulk
    # through the stores), so it sees every header: the arrows bind the folders it wires.
    target_include_directories(dossier_${name} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  else()
    target_include_directories(dossier_${name} PRIVATE ${include_root})
  endif()
  # Aggregates such as PageMeta are initialized with their leading fields only, on purpose.
  target_compile_options(dossier_${name} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  set(linked dossier_external)
  foreach(used IN LISTS F_USES)
    list(APPEND linked dossier_${used})
  endforeach()
  target_link_libraries(dossier_${name} PUBLIC ${linked})
  set(DOSSIER_FOLDER_TARGETS ${DOSSIER_FOLDER_TARGETS} dossier_${name} PARENT_SCOPE)
endfunction()
