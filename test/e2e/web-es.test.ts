/** Every page of the web app in Spanish, in Chromium (web-pages.ts). */
import { everyPageIn } from './web-pages.ts';

everyPageIn('es');
