/** The face reader's worker thread (face-thread.ts): BlazeFace and the embedding network loaded once, one picture at a time. */
import { serveModel } from '../model-thread/serve-model.js';
import { loadFaceEmbedder } from './face-embedder.js';
import { loadFaceFinder } from './face-finder.js';
import { faceLooker, type FaceInput, type FaceLook } from './face-look.js';
import { checkEmbedModel, checkFaceModel, defaultFaceModelDir } from './face-model-files.js';

serveModel<FaceInput, FaceLook>(async (ort) => {
  const dir = defaultFaceModelDir();
  const finderModel = checkFaceModel(dir);
  if (!finderModel.ok) throw finderModel.error;
  const embedModel = checkEmbedModel(dir);
  if (!embedModel.ok) throw embedModel.error;
  return faceLooker(await loadFaceFinder(finderModel.value, ort), await loadFaceEmbedder(embedModel.value, ort));
}, 'FACE_READ_FAILED');
